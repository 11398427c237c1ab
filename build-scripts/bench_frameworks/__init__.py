"""The framework benchmark behind ``build-scripts/bench-frameworks``.

* :mod:`.spec`: the workloads (architecture, sizes, initial weights and data, all NumPy with
  fixed seeds) and the framework variants; the one definition every framework loads.
* :mod:`.impl_tensorflow`, :mod:`.impl_pytorch`, :mod:`.impl_jax`, :mod:`.impl_keras`: each
  workload written the idiomatic way in one framework, loading the NumPy weights.
* :mod:`.child`: one process's measurement of one variant (imports, threads, timing, memory).
* :mod:`.conditions`: the machine and versions a run records (its provenance).
* :mod:`.orchestrate`: the trials, interleaved, in separate processes; the agreement checks;
  the results file.
"""
