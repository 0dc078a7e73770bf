"""A living sales department to look at (`otdel demo`): builder.py builds it through the apps'
services, names.py generates its Russian names and valid INNs and phones, files.py finds the
shared data files it loads. Tests and benchmarks may use names.py and files.py; they build their
own data with tests/factories.py."""
