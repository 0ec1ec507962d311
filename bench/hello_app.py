"""A bare Litestar hello-world: the ceiling the Adal routes are compared with."""

from litestar import Litestar, get


@get("/health", sync_to_thread=False)
def health() -> dict[str, str]:
    """The same answer as Adal's /health."""
    return {"status": "ok"}


app = Litestar([health])
