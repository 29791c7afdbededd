"""Generate a synthetic guide of N pages for the build benchmarks.

`python bench/gen_site.py --pages 500 --seed 42 --out /tmp/site500` writes:

- docs/: N pages of Chinese prose built from a fixed vocabulary of the guide's
  real terms and sentence templates (random.Random(seed), so the same seed
  always gives the same bytes), one Mermaid diagram and two snippet includes
  per page, and every third page in the interview-question format;
- snippets/: per page a small Kubernetes manifest and a bash script, each with
  a named section (the checks validate them like the real ones);
- mkdocs.yml derived from the real one (same theme, plugins, markdown
  extensions and extra), `hooks:` pointing at the real hook files by absolute
  path and a generated `nav`; plus mkdocs-nohooks.yml (no `hooks:`) and
  mkdocs-plain.yml (plain Material: no mermaid2, no project hooks);
- symlinks to the real node_modules, package-lock.json, overrides/ and the
  tool configs, and a copy of docs/assets/, so the hooks find what they need.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# Linked, not copied: read-only inputs of the hooks and the checks.
LINKED = [
    "node_modules",
    "package-lock.json",
    "overrides",
    ".hadolint.yaml",
    ".yamllint.yaml",
    ".pymarkdown.yml",
    "ruff.toml",
]
# Shaped like the real guide: a chapter is a tab, its sections group pages.
# A chapter's size is fixed, so a bigger guide has more chapters, and with
# navigation.prune each page lists the chapters plus its own chapter's pages.
PAGES_PER_SECTION = 25
SECTIONS_PER_CHAPTER = 10
QUESTION_EVERY = 3

TERMS = [
    ("节点亲和性", "Node Affinity"),
    ("污点", "Taint"),
    ("容忍度", "Toleration"),
    ("多阶段构建", "Multi-stage Build"),
    ("镜像层", "Image Layer"),
    ("写时复制", "Copy-on-Write"),
    ("服务网格", "Service Mesh"),
    ("就绪探针", "Readiness Probe"),
    ("存活探针", "Liveness Probe"),
    ("准入控制器", "Admission Controller"),
    ("自定义资源", "Custom Resource"),
    ("控制器", "Controller"),
    ("调谐循环", "Reconcile Loop"),
    ("命名空间", "Namespace"),
    ("网络策略", "NetworkPolicy"),
    ("持久卷", "PersistentVolume"),
    ("存储类", "StorageClass"),
    ("协程", "Goroutine"),
    ("通道", "Channel"),
    ("上下文", "Context"),
    ("互斥锁", "Mutex"),
    ("垃圾回收", "Garbage Collection"),
    ("逃逸分析", "Escape Analysis"),
    ("基于角色的访问控制", "RBAC"),
    ("服务账号", "ServiceAccount"),
    ("水平扩缩", "HPA"),
    ("滚动更新", "Rolling Update"),
    ("优先级抢占", "Preemption"),
    ("数据竞争", "Data Race"),
    ("控制组", "cgroup"),
    ("联合文件系统", "OverlayFS"),
    ("网关", "Gateway API"),
]
VERBS = ["决定了", "影响", "限制了", "依赖", "保证了", "改变了", "简化了", "暴露了"]
OBJECTS = [
    "调度结果",
    "镜像大小",
    "启动时间",
    "故障半径",
    "资源利用率",
    "请求延迟",
    "排障难度",
    "升级顺序",
    "安全边界",
    "内存占用",
]
TEMPLATES = [
    "{a} ({ae}) {v}{o}，面试时要先说清楚它解决什么问题，再讲{b}如何配合。",
    "很多候选人把{a}和{b}混为一谈，其实前者{v}{o}，后者只是在其上的一层约定。",
    "在生产环境里，{a}的默认值往往不合适：它{v}{o}，需要结合{b}一起调整。",
    "理解{a}的关键是看{b}何时介入，以及它{v}{o}的方式。",
    "如果{o}出现异常，先检查{a}的配置，再确认{b}是否按预期生效。",
    "官方文档把{a}描述为一种机制，它{v}{o}，因此{b}也随之改变。",
]
LEVELS = ["初级", "中级", "高级"]
TOPICS = [
    "镜像构建",
    "容器网络",
    "存储",
    "调度",
    "服务网络",
    "工作负载",
    "并发",
    "内存模型",
]
MERMAID_SHAPES = ["flowchart LR", "flowchart TB"]

MANIFEST = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: bench-{n:05d}
  namespace: default
# --8<-- [start:data]
# Comment {n}: the data the page shows.
data:
  LOG_LEVEL: "info"
  PAGE: "{n}"
# --8<-- [end:data]
"""
SCRIPT = """\
#!/usr/bin/env bash
# Commands shown on synthetic page {n}.
set -euo pipefail

main() {{
  # --8<-- [start:run]
  # List the page's ConfigMap.
  kubectl get configmap bench-{n:05d} --namespace default --output yaml
  # --8<-- [end:run]
}}

main "$@"
"""


# One sentence from a template, filled with random vocabulary.
def sentence(rng: random.Random) -> str:
    (a, ae), (b, _) = rng.sample(TERMS, 2)
    return rng.choice(TEMPLATES).format(
        a=a, ae=ae, b=b, v=rng.choice(VERBS), o=rng.choice(OBJECTS)
    )


def paragraph(rng: random.Random, sentences: int = 4) -> str:
    return "".join(sentence(rng) for _ in range(sentences))


def mermaid(rng: random.Random) -> str:
    nodes = rng.sample(TERMS, 4)
    lines = ["```mermaid", rng.choice(MERMAID_SHAPES)]
    # Every diagram of the guide has a title and a description (mermaid/acc-*).
    lines += [f"    accTitle: {nodes[0][0]}到{nodes[-1][0]}", f"    accDescr: 从{nodes[0][0]}依次经过四个步骤。"]
    for i, (zh, en) in enumerate(nodes):
        lines.append(f'    n{i}["{zh} ({en})"]')
    for i in range(3):
        lines.append(f"    n{i} --> n{i + 1}")
    lines.append("```")
    return "\n".join(lines)


def includes(n: int) -> str:
    return (
        f'```yaml title="snippets/k8s/bench/page-{n:05d}.yaml"\n'
        f'--8<-- "k8s/bench/page-{n:05d}.yaml:data"\n```\n\n'
        f'```bash title="snippets/scripts/bench-{n:05d}.sh"\n'
        f'--8<-- "scripts/bench-{n:05d}.sh:run"\n```'
    )


# A question in the guide's format, anchored uniquely per page.
def question(rng: random.Random, n: int, level: str, topic: str, body: str) -> str:
    a, _ = rng.choice(TERMS)
    return f"""## {a}为什么{rng.choice(VERBS)}{rng.choice(OBJECTS)}？ {{#k8s-bench-{n:05d} data-level="{level}" data-topics="{topic}"}}

!!! tldr "30 秒回答"

    {paragraph(rng, 2)}

**深入解析**

{body}

**面试官追问**

- {sentence(rng)[:-1]}？
- {sentence(rng)[:-1]}？

**常见错误回答**

- “{sentence(rng)[:-1]}。”{sentence(rng)}

??? answer "参考答案"

    {paragraph(rng, 3)}
"""


def page(rng: random.Random, n: int, number: str) -> str:
    title = f"{number} {rng.choice(TERMS)[0]}与{rng.choice(TERMS)[0]}"
    body = f"{paragraph(rng)}\n\n{mermaid(rng)}\n\n{paragraph(rng)}\n\n{includes(n)}\n\n{paragraph(rng)}"
    if n % QUESTION_EVERY == 0:
        level, topic = rng.choice(LEVELS), rng.choice(TOPICS)
        head = f"---\ntags:\n  - {topic}\n  - {level}\n---\n\n# {title}\n\n{paragraph(rng, 3)}\n\n"
        return head + question(rng, n, level, topic, body)
    return f"# {title}\n\n{paragraph(rng, 3)}\n\n## {rng.choice(TERMS)[0]}的原理\n\n{body}\n"


# The one project hook that configuration (d) keeps: it replaces mermaid2's
# BeautifulSoup pass, so (d) against (b) isolates that pass.
LINEAR_HOOK = "mermaid2_linear.py"


# The real mkdocs.yml with the synthetic nav; `hooks` absolute (or dropped).
def configs(nav: list, pages: int) -> dict[str, str]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    head, _, _ = text.partition("\nnav:")
    head = head.replace("\nhooks:\n", "\nhooks: # generated\n")
    lines, out, skipping = head.splitlines(), [], False
    hooks = []
    for line in lines:
        if line.startswith("hooks:"):
            skipping = True
            continue
        if skipping and line.startswith("  - "):
            hooks.append(line[4:].strip())
            continue
        skipping = False
        out.append(line)
    base = "\n".join(out).replace(
        "site_name: 云原生面试指南", f"site_name: 合成指南 {pages} 页"
    ).replace(
        # The guide's synonyms name words a synthetic guide does not use.
        "synonyms: hooks/search_synonyms.txt", "synonyms: search_synonyms.txt"
    )
    nav_yaml = yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False)
    hook_yaml = "hooks:\n" + "".join(f"  - {ROOT / h}\n" for h in hooks)
    plain = _plain(base)
    linear = "hooks:\n" + "".join(
        f"  - {ROOT / h}\n" for h in hooks if h.endswith(LINEAR_HOOK)
    )
    return {
        "mkdocs.yml": f"{base}\n{hook_yaml}\n{nav_yaml}",
        "mkdocs-nohooks.yml": f"{base}\n{nav_yaml}",
        "mkdocs-plain.yml": f"{plain}\n{nav_yaml}",
        "mkdocs-linear.yml": f"{base}\n{linear}\n{nav_yaml}",
    }


# Plain Material: the same config minus mermaid2 (and its custom fence).
def _plain(base: str) -> str:
    lines, out, skip = base.splitlines(), [], False
    for line in lines:
        if line.startswith("  - mermaid2"):
            skip = True
            continue
        if skip and line.startswith("      "):
            continue
        skip = False
        out.append(line)
    text = "\n".join(out)
    return text.replace(
        "format: !!python/name:mermaid2.fence_mermaid_custom",
        "format: !!python/name:pymdownx.superfences.fence_code_format",
    )


def generate(pages: int, seed: int, out: Path) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    (docs / "bench").mkdir(parents=True)
    (out / "snippets/k8s/bench").mkdir(parents=True)
    (out / "snippets/scripts").mkdir(parents=True)
    shutil.copytree(
        ROOT / "docs/assets", docs / "assets", ignore=shutil.ignore_patterns("vendor")
    )
    # What hooks/vendor.py would copy: configuration (b) has no hooks, and
    # mermaid2 refuses to build without its `javascript:` file.
    vendor = docs / "assets/vendor"
    vendor.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(
        ROOT / "node_modules/mermaid/dist/mermaid.min.js", vendor / "mermaid.min.js"
    )
    for name in LINKED:
        if (ROOT / name).exists():
            (out / name).symlink_to(ROOT / name)
    (out / "search_synonyms.txt").write_text("# none: the words of a synthetic guide are random\n", encoding="utf-8")
    (docs / "index.md").write_text(
        f"# 合成指南\n\n{paragraph(rng)}\n", encoding="utf-8"
    )
    nav: list = [{"首页": "index.md"}]
    for n in range(1, pages + 1):
        section, index = divmod(n - 1, PAGES_PER_SECTION)
        chapter, part = divmod(section, SECTIONS_PER_CHAPTER)
        number = f"{chapter + 1}.{part + 1}.{index + 1}"
        rel = f"bench/page-{n:05d}.md"
        (docs / rel).write_text(page(rng, n, number), encoding="utf-8")
        (out / f"snippets/k8s/bench/page-{n:05d}.yaml").write_text(
            MANIFEST.format(n=n), encoding="utf-8"
        )
        script = out / f"snippets/scripts/bench-{n:05d}.sh"
        script.write_text(SCRIPT.format(n=n), encoding="utf-8")
        script.chmod(0o755)
        if index == 0 and part == 0:
            nav.append({f"第 {chapter + 1} 章": []})
        sections = nav[-1][f"第 {chapter + 1} 章"]
        if index == 0:
            sections.append({f"{chapter + 1}.{part + 1} 节": []})
        sections[-1][f"{chapter + 1}.{part + 1} 节"].append({number: rel})
    for name, text in configs(nav, pages).items():
        (out / name).write_text(text, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    generate(args.pages, args.seed, args.out)
    print(f"{args.out}: {args.pages} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
