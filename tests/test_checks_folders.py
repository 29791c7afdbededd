"""A folder on the command line stands for every file in it, never for nothing."""

from __future__ import annotations

from pathlib import Path

from hooks.checks import kinds, runner

from .test_checks_runner import fake_kind, make_project


def test_a_folder_checks_every_file_in_it(tmp_path: Path) -> None:
    ctx = make_project(tmp_path, {
        "docs/a.md": '# A\n\n--8<-- "go/x/a.go"\n--8<-- "c.sh"\n',
        "snippets/go/x/a.go": "BAD\n",
        "snippets/c.sh": "BAD\n",
    })
    golang, shell = fake_kind("go", ".go", granularity="group"), fake_kind("sh", ".sh")
    problems = runner.check_project(ctx, paths=[tmp_path / "snippets/go"],
                                    modules=kinds.Modules(kinds=[golang, shell]), use_cache=False)
    assert golang.calls == [["snippets/go/x/a.go"]]
    assert shell.calls == []
    assert [(p.path, p.rule) for p in problems] == [("snippets/go/x/a.go", "go/bad")]
