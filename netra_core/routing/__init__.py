"""Per-prompt routing: the long eval format, the field's routing metrics, the learned router and its evaluation."""
