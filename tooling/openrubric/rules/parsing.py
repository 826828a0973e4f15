"""Rules for files that cannot be read as data. The loader reports them; no later check sees such a file."""

from ..findings import Severity
from .rule import Rule

YAML_SYNTAX = Rule(
    name="yaml-syntax",
    severity=Severity.ERROR,
    summary="The file is not valid YAML.",
    doc="""\
## What it does
Reports the first place where the YAML (a whole file, or a Markdown file's front matter) cannot be parsed.

## Why is this bad?
A file that does not parse cannot be checked at all, so none of the policy's guarantees hold for it.

## Example
```yaml
levels:
  - id: L3
   name: Engineer
```

## Use instead
```yaml
levels:
  - id: L3
    name: Engineer
```
""",
)

DUPLICATE_KEY = Rule(
    name="duplicate-key",
    severity=Severity.ERROR,
    summary="A mapping gives the same key twice.",
    doc="""\
## What it does
Reports a key that appears a second time in the same mapping.

## Why is this bad?
YAML parsers keep only one of the two values, silently. A reviewer reading the first value would approve
a weight that is never used.

## Example
```yaml
weights:
  operational-outcomes: 40
  operational-outcomes: 35
```

## Use instead
```yaml
weights:
  operational-outcomes: 35
```
""",
)

ENCODING = Rule(
    name="encoding",
    severity=Severity.ERROR,
    summary="The file is not UTF-8.",
    doc="""\
## What it does
Reports the first byte that is not valid UTF-8.

## Why is this bad?
Text in another encoding shows up garbled on the published site and in review tools.

## Example
A file saved as Latin-1 with `Müller` in it.

## Use instead
Save the file as UTF-8.
""",
)

EMPTY_FILE = Rule(
    name="empty-file",
    severity=Severity.ERROR,
    summary="A content file holds no data.",
    doc="""\
## What it does
Reports a content file that is empty or holds only comments.

## Why is this bad?
An empty rubric or guardrails file would mean no rules at all, which is never what a change intends.

## Example
A `policy/guardrails.yaml` truncated to zero bytes.

## Use instead
Restore the content, or delete the file in a reviewed change.
""",
)

FILE_TOO_LARGE = Rule(
    name="file-too-large",
    severity=Severity.ERROR,
    summary="A content file is larger than 1 MiB.",
    doc="""\
## What it does
Reports a content file over 1 MiB without reading it.

## Why is this bad?
No rubric, policy or narrative needs that much text; a file that size is generated or pasted by mistake,
and nobody can review it.

## Example
A narrative with a whole log file pasted into its evidence.

## Use instead
Link to the artifact instead of pasting it.
""",
)

YAML_ALIAS = Rule(
    name="yaml-alias",
    severity=Severity.ERROR,
    summary="YAML aliases expand to a huge or self-referencing tree.",
    doc="""\
## What it does
Reports aliases (`*name`) that expand to more than 100,000 nodes or that refer to themselves.

## Why is this bad?
A few lines of nested aliases (a "billion laughs") can stand for billions of values and exhaust the memory of
every tool that reads the file.

## Example
```yaml
a: &a [x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]
```

## Use instead
Write the values out; policy files are read by people.
""",
)

FRONT_MATTER = Rule(
    name="front-matter",
    severity=Severity.ERROR,
    summary="A Markdown content file lacks YAML front matter, or never closes it.",
    doc="""\
## What it does
Reports a policy page, template or narrative that does not start with front matter between `---` lines.

## Why is this bad?
The front matter carries the data the tooling checks: without it the file cannot be validated.

## Example
```markdown
# Review policy
```

## Use instead
```markdown
---
title: Review policy
---
# Review policy
```
""",
)

JSON_SYNTAX = Rule(
    name="json-syntax",
    severity=Severity.ERROR,
    summary="A schema file is not valid JSON.",
    doc="""\
## What it does
Reports the first place where a JSON file cannot be parsed.

## Why is this bad?
A schema that does not parse validates nothing.

## Example
```json
{"type": "object",}
```

## Use instead
```json
{"type": "object"}
```
""",
)

UNREADABLE = Rule(
    name="unreadable",
    severity=Severity.ERROR,
    summary="A content file cannot be read from disk.",
    doc="""\
## What it does
Reports a file the operating system refuses to read (permissions, a dangling link).

## Why is this bad?
An unreadable file is an unchecked file.

## Example
A symbolic link to a file that was deleted.

## Use instead
Fix the link or the file's permissions.
""",
)

MISSING_FILE = Rule(
    name="missing-file",
    severity=Severity.ERROR,
    summary="A file the review system needs does not exist.",
    doc="""\
## What it does
Reports that the rubric, the metric catalogue, the guardrails, the policy page or a schema is missing.

## Why is this bad?
Every other check relies on them: without the rubric there is nothing to weigh, without the guardrails
nothing to enforce.

## Example
A repository with `rubrics/metrics.yaml` but no `rubrics/rubric.yaml`.

## Use instead
Restore the file; `openrubric check` lists each one that is missing.
""",
)

LINK_OUTSIDE = Rule(
    name="link-outside-repository",
    severity=Severity.ERROR,
    summary="A content file or folder is a symbolic link that leads outside the repository.",
    doc="""\
## What it does
Reports a content file (or a content folder) that is a symbolic link to somewhere outside the repository,
and reads nothing from it.

## Why is this bad?
What the link points to is not under review: it differs from one clone to the next, and a link committed to
the repository could make the check, or the published site, read any file on the machine that runs it.

## Example
`policy/extra.md` as a link to `/home/someone/notes.md`.

## Use instead
Commit the file itself in the repository, or a link to another file inside it.
""",
)

SPECIAL_FILE = Rule(
    name="special-file",
    severity=Severity.ERROR,
    summary="A content path is a FIFO, socket or device instead of a regular file.",
    doc="""\
## What it does
Reports a path in a content folder, named like a content file, that is not a regular file, and never
opens it.

## Why is this bad?
Reading a FIFO waits for a writer that may never come, and a device may never end: a linter that opened it
would hang instead of checking the rest of the repository.

## Example
`rubrics/rubric.yaml` created with `mkfifo`.

## Use instead
Replace it with a regular file holding the content.
""",
)
