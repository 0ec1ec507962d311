"""Settings, read once from the environment (prefix ``ADAL_``) when the app or a command starts."""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class SettingsError(RuntimeError):
    """Invalid settings: the message names each offending ``ADAL_*`` variable."""


class Settings(BaseSettings):
    """Everything configurable about one Adal deployment."""

    model_config = SettingsConfigDict(env_prefix="ADAL_", extra="ignore", frozen=True)

    env: Literal["development", "test", "production"] = "development"
    base_url: str = "http://127.0.0.1:8000"
    var_dir: Path = Path("var")
    database_url: str = ""
    redis_url: str | None = None
    secret_key: SecretStr | None = None
    pii_keys: list[SecretStr] = Field(default_factory=list)
    certificate_keys: list[SecretStr] = Field(default_factory=list)
    jwt_keys: list[SecretStr] = Field(default_factory=list)  # newest first; all verify, the first signs
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = True
    db_pool_size: int = Field(default=10, ge=1, le=200)
    outbox_redeliver_after_s: int = Field(default=60, ge=1)
    max_upload_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    xapi_lrs_url: str | None = None  # an external learning record store; statements are kept here too
    oidc_discovery_url: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    access_token_minutes: int = Field(default=10, ge=1, le=60)
    refresh_token_days: int = Field(default=14, ge=1, le=90)
    argon2_time_cost: int = Field(default=2, ge=1)
    argon2_memory_kib: int = Field(default=19456, ge=8192)
    argon2_parallelism: int = Field(default=1, ge=1)

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if value and not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("redis_url")
    @classmethod
    def _known_redis(cls, value: str | None) -> str | None:
        if value == "":
            return None
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @model_validator(mode="after")
    def _production_needs_secrets(self) -> Settings:
        if self.env == "production":
            missing = [
                name
                for name, value in (("secret_key", self.secret_key), ("pii_keys", self.pii_keys))
                if not value
            ]
            if missing:
                raise ValueError("production needs " + ", ".join(f"ADAL_{m.upper()}" for m in missing))
        return self

    @cached_property
    def effective_database_url(self) -> str:
        """The configured database, or the embedded SQLite file under ``var_dir``."""
        return self.database_url or f"sqlite+aiosqlite:///{(self.var_dir / 'adal.db').as_posix()}"

    @property
    def is_sqlite(self) -> bool:
        """True on the embedded default database."""
        return self.effective_database_url.startswith("sqlite")

    def secret(self) -> bytes:
        """The signing secret; in development a random one kept in ``var_dir``."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value().encode()
        return self._dev_secret("secret.key")

    def pii_key_list(self) -> list[bytes]:
        """PII vault keys, newest first; the first encrypts, all decrypt."""
        if self.pii_keys:
            return [k.get_secret_value().encode() for k in self.pii_keys]
        return [self._dev_secret("pii.key")]

    def certificate_key_list(self) -> list[bytes]:
        """Certificate code signing keys, newest first."""
        if self.certificate_keys:
            return [k.get_secret_value().encode() for k in self.certificate_keys]
        return [self.secret()]

    def _dev_secret(self, name: str) -> bytes:
        key = (str(self.var_dir), name)
        found = _DEV_SECRETS.get(key)
        if found is None:  # read once per process: tokens are verified with it on every request
            path = self.var_dir / name
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(secrets.token_urlsafe(48))
                path.chmod(0o600)
            found = _DEV_SECRETS[key] = path.read_text().strip().encode()
        return found


_DEV_SECRETS: dict[tuple[str, str], bytes] = {}


def load_settings(**overrides: object) -> Settings:
    """Read settings; raise SettingsError naming each bad ``ADAL_*`` variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"]) or "settings"
            name = f"ADAL_{field.upper()}" if err["loc"] else "settings"
            lines.append(f"{name}: {err['msg']}")
        raise SettingsError("Invalid settings:\n  " + "\n  ".join(lines)) from None
