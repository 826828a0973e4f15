"""``openrubric audit``: one review cycle's narratives read as a whole, for bias and drift.

The modules, lowest layer first: ``cycle`` (narratives read and checked with the project's own rules),
``people`` (the optional people file), ``statistics`` (the tests, from scipy and statsmodels), ``privacy``
(which groups may be shown), ``analyses`` (every comparison the audit makes), ``report`` (the report as
data, and JSON), ``render`` (text and Markdown), ``html`` and ``charts`` (the self-contained page), and
``command`` (what the CLI calls).
"""
