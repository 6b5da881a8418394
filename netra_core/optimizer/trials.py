"""Trials of a policy version: a share of a segment's traffic tried on a candidate model before it is trusted.

A trial is part of the policy version it is attached to (a new version starts with no trials). Its segment is
`workload/task_type/bucket`, where any part may be `*` (`support/*/*` is all of the support workload). Its mode:

- `canary`: that share of the segment's requests is served by the candidate (the client gets its answer; if the
  candidate fails, the policy's own model serves as a fallback);
- `shadow`: that share is also sent to the candidate after the policy's model answered; the candidate's answer is
  never returned, only compared.

Which requests are in a trial is decided by a keyed hash of the prompt text (`compute_trial_draw`), so the same
prompt is always treated the same and two trials pick independent samples. Pure: values in, values out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from netra_core.errors import ValidationError

TRIAL_MODES = ("canary", "shadow")
WILDCARD = "*"
# What the score of a trial's eval rows measures, by mode (gateway/trial_evals.py writes them).
TRIAL_METRICS = {"shadow": "shadow_agreement", "canary": "canary_ok"}


@dataclass(frozen=True)
class Trial:
    """A candidate model tried on a share of one segment's traffic, as a canary or a shadow."""

    id: str
    workload: str
    task_type: str
    bucket: str
    provider: str
    model: str
    mode: str
    share: float
    note: str = ""

    @property
    def segment(self) -> str:
        """`workload/task_type/bucket` as given (parts may be `*`)."""
        return f"{self.workload}/{self.task_type}/{self.bucket}"

    @property
    def candidate(self) -> str:
        """`provider/model`."""
        return f"{self.provider}/{self.model}"

    def is_matching(self, workload: str, task_type: str, bucket: str) -> bool:
        """Whether a request of this segment is in the trial's segment."""
        return (
            self.workload in (WILDCARD, workload)
            and self.task_type in (WILDCARD, task_type)
            and self.bucket in (WILDCARD, bucket)
        )

    def is_overlapping(self, other: Trial) -> bool:
        """Whether some request could be in both trials' segments."""
        pairs = ((self.workload, other.workload), (self.task_type, other.task_type), (self.bucket, other.bucket))
        return all(a == b or WILDCARD in (a, b) for a, b in pairs)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values."""
        return asdict(self)


def parse_segment(text: str, bucket_names: Sequence[str]) -> tuple[str, str, str]:
    """`W/T/B` (or `W` for the whole workload, `W/T` for all its sizes) as (workload, task_type, bucket)."""
    parts = [p.strip() for p in str(text).split("/")]
    if len(parts) > 3 or not parts[0]:
        raise ValidationError(f"segment: {text!r} is not workload/task_type/bucket (use * for any, e.g. support/*/*)")
    parts += [WILDCARD] * (3 - len(parts))
    workload, task_type, bucket = parts
    if not task_type:
        raise ValidationError(f"segment: {text!r} names no task type (use * for any)")
    if bucket != WILDCARD and bucket not in bucket_names:
        raise ValidationError(
            f"segment: bucket {bucket!r} is not one of the policy's buckets ({', '.join(bucket_names)}) or *"
        )
    return workload, task_type, bucket


def parse_candidate(text: str, owner_of: dict[str, str] | None = None) -> tuple[str, str]:
    """`provider/model` (or a model the catalog knows the seller of) as (provider, model)."""
    value = str(text).strip()
    provider, _, model = value.partition("/")
    if not model:
        provider, model = (owner_of or {}).get(value, ""), value
    if not model or not provider:
        raise ValidationError(f"model: {text!r} is not provider/model (e.g. openai/gpt-4o-mini)")
    return provider.strip(), model.strip()


def _trial(raw: object, index: int, bucket_names: Sequence[str]) -> Trial:
    where = f"trials[{index}]"
    if not isinstance(raw, dict):
        raise ValidationError(f"{where}: expected an object, got {type(raw).__name__}")
    for name in ("id", "workload", "task_type", "bucket", "provider", "model", "mode"):
        value = raw.get(name)
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"{where}.{name}: a non-empty string is required, got {value!r}")
    if raw["mode"] not in TRIAL_MODES:
        raise ValidationError(f"{where}.mode: {raw['mode']!r} is not one of {', '.join(TRIAL_MODES)}")
    share = raw.get("share")
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < float(share) <= 1:
        raise ValidationError(f"{where}.share: a share in (0, 1] is required, got {share!r}")
    if raw["bucket"] != WILDCARD and raw["bucket"] not in bucket_names:
        raise ValidationError(f"{where}.bucket: {raw['bucket']!r} is not one of {', '.join(bucket_names)} or *")
    unknown = set(raw) - {"id", "workload", "task_type", "bucket", "provider", "model", "mode", "share", "note"}
    if unknown:
        raise ValidationError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    return Trial(
        id=raw["id"],
        workload=raw["workload"],
        task_type=raw["task_type"],
        bucket=raw["bucket"],
        provider=raw["provider"],
        model=raw["model"],
        mode=raw["mode"],
        share=float(share),
        note=str(raw.get("note") or ""),
    )


def check_trials(trials: Sequence[Trial]) -> None:
    """ValidationError when ids repeat or two trials of the same mode could claim the same request."""
    seen: dict[str, Trial] = {}
    for i, trial in enumerate(trials):
        if trial.id in seen:
            raise ValidationError(f"trials[{i}].id: {trial.id!r} is used twice")
        for other in seen.values():
            if other.mode == trial.mode and other.is_overlapping(trial):
                raise ValidationError(
                    f"trials[{i}].segment: {trial.mode} trial {trial.segment} overlaps {other.mode} trial {other.id} "
                    f"({other.segment}); one request can be in one {trial.mode} at most"
                )
        seen[trial.id] = trial


def parse_trials(raw: object, bucket_names: Sequence[str]) -> tuple[Trial, ...]:
    """A policy's `trials` list (absent: none); ValidationError naming the bad field."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ValidationError(f"trials: expected a list, got {type(raw).__name__}")
    trials = tuple(_trial(item, i, bucket_names) for i, item in enumerate(raw))
    check_trials(trials)
    return trials


def compute_next_trial_id(trials: Sequence[Trial]) -> str:
    """`t1`, `t2`, ...: one more than the highest number used in this version."""
    numbers = [int(t.id[1:]) for t in trials if t.id[:1] == "t" and t.id[1:].isdigit()]
    return f"t{max(numbers, default=0) + 1}"


def compute_added_trial(
    trials: Sequence[Trial],
    *,
    segment: tuple[str, str, str],
    candidate: tuple[str, str],
    mode: str,
    share: float,
    note: str = "",
) -> tuple[Trial, ...]:
    """The trials with one more (its id is the next free one); ValidationError when it does not fit."""
    if mode not in TRIAL_MODES:
        raise ValidationError(f"mode: {mode!r} is not one of {', '.join(TRIAL_MODES)}")
    if not 0 < share <= 1:
        raise ValidationError(f"share: {share!r} is not in (0, 1] (0.1 sends a tenth of the segment's requests)")
    trial = Trial(compute_next_trial_id(trials), *segment, *candidate, mode=mode, share=float(share), note=note)
    out = (*trials, trial)
    try:
        check_trials(out)
    except ValidationError as exc:
        raise ValidationError(re.sub(r"^trials\[\d+\]\.", "", str(exc))) from exc
    return out


def compute_removed_trial(trials: Sequence[Trial], trial_id: str) -> tuple[Trial, ...]:
    """The trials without `trial_id`; ValidationError when there is no such trial."""
    if trial_id not in {t.id for t in trials}:
        known = ", ".join(t.id for t in trials) or "none"
        raise ValidationError(f"trial: {trial_id!r} is not a trial of this version (its trials: {known})")
    return tuple(t for t in trials if t.id != trial_id)


def compute_trial_draw(salt: str, prompt: str) -> float:
    """A number in [0, 1) fixed by the prompt and the trial (keyed BLAKE2b), so samples are repeatable and independent."""
    digest = hashlib.blake2b(prompt.encode(), digest_size=8, key=salt.encode()[:64]).digest()
    return int.from_bytes(digest, "big") / 2.0**64


def compute_trial_salt(org_id: str, trial: Trial) -> str:
    """What keys a trial's draw: the org, the trial and its candidate (a re-added trial samples afresh)."""
    return f"{org_id}/{trial.id}/{trial.provider}/{trial.model}/{trial.mode}"


def compute_trial_dataset(mode: str, version: int | str, trial_id: str) -> str:
    """The eval dataset of one trial's rows: `gateway_<mode>/<metric>/v<version>/<trial>`."""
    return f"gateway_{mode}/{TRIAL_METRICS[mode]}/v{version}/{trial_id}"
