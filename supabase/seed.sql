-- Run by `supabase start` and `supabase db reset` after the migrations (never by the app,
-- and never by `supabase db push`). Mostrador needs no seed data: customers, conversations
-- and messages arrive through the webhook (the sandbox's chat page plays the customer).
select 1;
