-- Cached image tokens (catalog/pricing.py prices them at the cached-image price): cached_image_tokens are the
-- image part of cached_tokens (and so of image_prompt_tokens), as OpenAI's usage reports them
-- (`*_tokens_details.cached_tokens_details.image_tokens`). The roll-ups are unchanged and stay exact: every
-- cached image token is already counted in prompt_tokens and cached_tokens, and cost_usd already holds its price.
ALTER TABLE workload_events
    ADD COLUMN IF NOT EXISTS cached_image_tokens UInt32 DEFAULT 0;
