"""The rules, one module per family; `registry.py` lists them all with the checks that raise them."""
