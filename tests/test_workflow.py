"""The GitHub workflow installs with the README's commands, tests, publishes, and rebuilds."""

from __future__ import annotations

import yaml

from .corpus import ROOT

WORKFLOW = ROOT / ".github/workflows/publish.yml"


def test_the_workflow_tests_with_the_readmes_command_and_publishes_main_on_a_schedule():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert triggers["push"]["branches"] == ["main"] and triggers["schedule"]
    steps = {
        name: "\n".join(str(s.get("run", "")) for s in job["steps"])
        for name, job in workflow["jobs"].items()
    }
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in steps["test"] and "bash scripts/test.sh" in readme
    assert "bash scripts/build.sh" in steps["publish"] and "invoke publish" in steps["publish"]
    assert workflow["jobs"]["publish"]["needs"] == "test"
    uses = [s.get("uses", "") for s in workflow["jobs"]["publish"]["steps"]]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
