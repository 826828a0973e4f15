"""``openrubric audit``: one review cycle's narratives read as a whole, for bias and drift.

The modules, lowest layer first: ``cycle`` (each narrative's ratings, evidence and calibration, from the
narratives ``openrubric.cycle`` reads and checks), ``people`` (the optional people file), ``statistics`` (the
tests, from scipy and statsmodels), ``privacy`` (which groups may be shown), ``frame`` (a cycle as arrays and
groups), ``analyses`` (every comparison the audit makes), ``method`` and ``report`` (the report as data, and
JSON), ``sections`` and ``render`` (text and Markdown), ``html`` and ``charts`` (the self-contained page),
and ``command`` (what the CLI calls).
"""
