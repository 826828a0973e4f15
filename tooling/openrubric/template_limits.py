"""What rendering one narrative template may cost: the limits a render is held to.

Templates arrive by pull request and render in `check`, `narrative new` and `site build`. Jinja's sandbox
keeps them away from Python internals but not from unbounded time or memory; ``template_budget`` holds every
render to these limits. The rule documentation quotes them, so they live apart from the budget, which only a
render needs.

The repository's templates render about 10,000 characters with a few hundred steps in milliseconds; each
limit is far above that, and far below what would stall a manager's machine or a CI runner.
"""

# Real renders take milliseconds; a second is hundreds of times that on a slow CI runner, and is as long
# as `narrative new` should keep a manager waiting. Counted in the rendering thread's own CPU time, so a busy
# machine does not turn a good template into a failure.
RENDER_SECONDS = 1.0
# Loop iterations, calls, and items given to filters: real templates take a few hundred. One loop over
# the largest range() Jinja's sandbox allows (100,000 items) fits; two nested ones (10**10) do not.
MAX_STEPS = 100_000
# Macros that call macros: real templates go one or two deep. A macro that calls itself without end
# would otherwise run into Python's recursion limit, somewhere deep in Jinja.
MAX_CALL_DEPTH = 50
# Statements and expressions inside each other, and lists or mappings inside each other. Real templates
# nest about 8 deep; Python refuses to compile loops nested more than 20 deep and Jinja's parser
# overflows the stack at about 70.
MAX_NESTING = 16
# One string, list or mapping, counted in characters as it would print: a narrative is a few pages.
MAX_VALUE_SIZE = 100_000
# All the values a render builds, added up: bounds the memory of a template that builds many large
# values one after another without ever printing them.
MAX_BUILT = 10_000_000
# The rendered text: a hundred times the size of a real draft, and still a file an editor opens.
MAX_OUTPUT = 1_000_000
# Digits of one integer: a review computes weights and counts. Python refuses to print integers of more
# than 4,300 digits; this leaves room for sums of the largest allowed numbers.
MAX_DIGITS = 3_000
