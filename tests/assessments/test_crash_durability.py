"""A real server process is killed with SIGKILL while answers are being saved: every acknowledged answer
is found after a restart (the acknowledgement is sent only after the commit)."""

from __future__ import annotations

import asyncio
import signal
import subprocess
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import Settings
from auth.principal import Role
from tests.assessments.helpers import load_bank
from tests.auth_fixtures import MakeUser
from tests.servers import free_port, kill_server, running_server
from workers import runtime
from workers.uow import commit

ROOT = Path(__file__).resolve().parents[2]


async def _answer_until_killed(
    client: httpx.AsyncClient, sid: int, items: list[int], proc: subprocess.Popen[bytes]
) -> dict[int, tuple[int, int]]:
    """Save answers from 8 concurrent writers; SIGKILL the server after 60 acknowledgements."""
    acked: dict[int, tuple[int, int]] = {}
    count = 0

    async def writer(lane: int) -> None:
        nonlocal count
        seq = 0
        while seq < 5000:  # until the dead server refuses the connection
            seq += 1
            item = items[(lane * 7 + seq) % len(items)]
            response = (lane + seq) % 4
            stamp = seq * 100 + lane  # unique and increasing per writer
            try:
                r = await client.put(
                    f"/api/assessments/sessions/{sid}/answers/{item}",
                    json={"response": response, "seq": stamp},
                )
            except httpx.HTTPError:
                return
            if r.status_code == 200 and r.json()["saved"]:
                body = r.json()
                if body["seq"] == stamp and stamp > acked.get(item, (0, 0))[0]:
                    acked[item] = (stamp, response)
                count += 1
                if count == 60:
                    kill_server(proc)  # the server process and its workers, mid-flight

    await asyncio.gather(*(writer(lane) for lane in range(8)))
    return acked


async def test_every_acknowledged_answer_survives_a_sigkill_of_the_server(
    committed: AsyncEngine, settings: Settings, make_user: MakeUser
) -> None:
    async with runtime.session() as db:
        await load_bank(db)
        await commit(db)
    _, headers = await make_user(Role.CANDIDATE)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running_server(settings, port) as proc:
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=10) as client:
            state = (
                await client.post("/api/assessments/tests/legislation/sessions", json={"language": "kk"})
            ).json()
            sid, items = state["id"], [q["item_id"] for q in state["questions"]]
            acked = await _answer_until_killed(client, sid, items, proc)
        assert proc.wait(timeout=10) == -signal.SIGKILL
        async with httpx.AsyncClient(base_url=base, timeout=2) as probe:
            with pytest.raises(httpx.HTTPError):  # nothing of the old server is left answering
                await probe.get("/health")
    assert len(acked) >= 20
    with running_server(settings, port):
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=10) as client:
            after = (await client.get(f"/api/assessments/sessions/{sid}")).json()
            stored = {q["item_id"]: (q["seq"], q["response"]) for q in after["questions"]}
            for item, (seq, response) in acked.items():
                assert stored[item][0] >= seq, f"item {item}: acknowledged seq {seq}, found {stored[item]}"
                if stored[item][0] == seq:
                    assert stored[item][1] == response
            more = await client.put(
                f"/api/assessments/sessions/{sid}/answers/{items[0]}", json={"response": 1, "seq": 10**9}
            )
            assert more.json() == {"saved": True, "seq": 10**9}
