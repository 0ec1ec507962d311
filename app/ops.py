"""Operator commands: verify the audit chain, list and retry failed jobs."""

from __future__ import annotations

from app.settings import Settings
from auth.audit.service import AuditService
from workers import runtime
from workers.failures import last_line, open_failures, retry_failures
from workers.uow import commit


async def verify_audit(settings: Settings) -> int:
    """Exit 0 when the audit chain is intact; otherwise name the first bad entry and exit 1."""
    runtime.configure(settings)
    async with runtime.session() as session:
        finding = await AuditService(session).verify_chain()
    await runtime.dispose()
    if finding is None:
        print("audit log intact")
        return 0
    print(f"audit log BROKEN at entry {finding.seq}: {finding.problem}")
    return 1


async def list_failed_jobs(settings: Settings) -> int:
    """Print failed jobs that have not been retried; exit 1 when there are any."""
    runtime.configure(settings)
    async with runtime.session() as session:
        failures = await open_failures(session)
    await runtime.dispose()
    for f in failures:
        print(f"{f.id}\t{f.failed_at:%Y-%m-%d %H:%M:%S}\t{f.job_id}\t{last_line(f.error)}")
    print(f"{len(failures)} failed job(s)")
    return 1 if failures else 0


async def retry_failed_jobs(settings: Settings, ids: list[int]) -> int:
    """Enqueue the failed jobs again (all, or the given failure ids) and mark them retried."""
    runtime.configure(settings)
    async with runtime.session() as session:
        count = await retry_failures(session, ids)
        await commit(session)
    await runtime.drain()
    await runtime.dispose()
    print(f"{count} job(s) retried")
    return 0


async def rotate_pii_keys(settings: Settings) -> int:
    """Re-encrypt the PII vault with the newest key of ``ADAL_PII_KEYS`` (the others still decrypt)."""
    from recruiting.profiles import ProfileService

    runtime.configure(settings)
    async with runtime.session() as session:
        count = await ProfileService(session, settings).rotate_keys()
        await AuditService(session).record(
            actor="cli", action="recruiting.pii_keys_rotated", subject="pii_vault", details={"records": count}
        )
        await commit(session)
    await runtime.dispose()
    print(f"{count} personal data record(s) re-encrypted with the newest key")
    return 0
