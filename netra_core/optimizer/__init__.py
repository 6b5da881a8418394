"""The optimizer: pure functions from segment statistics and a model catalog to a routing policy.

segments -> estimates -> solver/frontier -> opportunities -> replay -> policy export -> runtime router.
Nothing here reads a store, the clock or unseeded randomness; the store queries live in
netra_core.workloads.segments and the `netra optimize` command wires them together.
"""
