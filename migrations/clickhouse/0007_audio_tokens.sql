-- Audio tokens (catalog/pricing.py prices them at the audio prices): audio_prompt_tokens are the audio part of
-- prompt_tokens (cached audio included), cached_audio_tokens the audio part of cached_tokens, and
-- audio_completion_tokens the audio part of completion_tokens, as OpenAI's usage reports them. The roll-ups are
-- unchanged and stay exact: every audio token is already counted in prompt_tokens or completion_tokens, and
-- cost_usd already holds its price.
ALTER TABLE workload_events
    ADD COLUMN IF NOT EXISTS audio_prompt_tokens UInt32 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS cached_audio_tokens UInt32 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS audio_completion_tokens UInt32 DEFAULT 0;
