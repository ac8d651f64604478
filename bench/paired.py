"""A Manager with one paired, active Agent on loopback, for the benchmarks that need both."""
import contextlib
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                                "harness"))
import printwarden  # noqa: E402


@contextlib.contextmanager
def manager_with_agent(workdir, config=None):
    """Yields (admin client, agent id); stops the Agent and the Manager on the way out.
    `config` adds Manager settings."""
    os.makedirs(workdir, exist_ok=True)
    manager = printwarden.Manager(workdir, {"agent_heartbeat_seconds": 30, **(config or {})})
    manager.start()
    agent = None
    try:
        admin = manager.admin()
        created = admin.create_agent("bench")
        agent_id = created["agent"]["id"]
        agent = printwarden.Agent(workdir).start(manager.url, created["activationKey"])
        printwarden.wait_until(lambda: admin.agent(agent_id)["status"] == "active",
                               what="agent active")
        yield admin, agent_id
    finally:
        if agent:
            agent.stop()
        manager.stop()
