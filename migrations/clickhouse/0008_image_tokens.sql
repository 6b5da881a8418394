-- Image tokens (catalog/pricing.py prices them at the image prices): image_prompt_tokens are the image part of
-- prompt_tokens, image_completion_tokens the image part of completion_tokens, as OpenAI's and Gemini's usage
-- report them. The roll-ups are unchanged and stay exact: every image token is already counted in prompt_tokens
-- or completion_tokens, and cost_usd already holds its price.
ALTER TABLE workload_events
    ADD COLUMN IF NOT EXISTS image_prompt_tokens UInt32 DEFAULT 0,
    ADD COLUMN IF NOT EXISTS image_completion_tokens UInt32 DEFAULT 0;
