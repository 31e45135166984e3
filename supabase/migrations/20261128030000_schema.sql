-- Mostrador's tables. Every read and write the app makes goes through the functions in the
-- next migration (the data API); nobody else reads these tables.
--
-- Runs unchanged on Supabase, plain Postgres (15+) and PGlite: Supabase's roles are created
-- as no-login roles where they do not exist, so the grants below mean the same everywhere.

do $roles$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    begin
      -- Supabase's service_role bypasses row level security; only a superuser can grant that.
      create role service_role nologin noinherit bypassrls;
    exception when insufficient_privilege then
      create role service_role nologin noinherit;
    end;
  end if;
exception
  -- Roles belong to the whole cluster: another database may be creating them right now.
  when duplicate_object or unique_violation then null;
end
$roles$;

-- Enumerations rather than CHECK constraints: a CHECK is prepared again by every statement
-- that writes the row, which costs more than the rest of an insert; an enum costs nothing.
create type public.conversation_status as enum ('active', 'handoff', 'closed');
create type public.message_direction as enum ('inbound', 'outbound');
-- Inbound: received → answered (or rate_limited). Outbound: queued → sent → delivered →
-- read | played; failed is terminal. The functions keep each direction to its own.
create type public.message_status as enum (
  'received', 'rate_limited', 'answered', 'queued', 'sent', 'delivered', 'read', 'played', 'failed'
);

-- One row per person who wrote to the shop. WhatsApp identifies them by phone number (wa_id)
-- and, in newer webhooks, by a business-scoped user id that may come without a phone.
create table public.user_profiles (
  id uuid primary key default gen_random_uuid(),
  phone_number text unique,
  wa_user_id text unique,
  display_name text,
  language text,
  facts jsonb not null default '{}'::jsonb,
  preferences jsonb not null default '{}'::jsonb,
  opted_out boolean not null default false,
  opted_out_at timestamptz,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  message_count integer not null default 0,
  constraint user_profiles_identified check (phone_number is not null or wa_user_id is not null)
)
-- Every inbound message updates its customer's row: room on the page keeps those updates
-- heap-only (no index writes).
with (fillfactor = 80);
comment on column public.user_profiles.wa_user_id is 'WhatsApp business-scoped user id (BSUID)';
comment on column public.user_profiles.message_count is 'Inbound messages stored for this customer';

-- A conversation is one customer on one business number until CONVERSATION_IDLE_HOURS pass
-- without messages; the next inbound message opens a new one.
create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references public.user_profiles (id) on delete cascade,
  phone_number_id text not null,
  status public.conversation_status not null default 'active',
  started_at timestamptz not null default now(),
  last_message_at timestamptz not null default now(),
  -- WhatsApp's 24-hour customer service window is measured from the customer's last message.
  last_inbound_at timestamptz,
  closed_at timestamptz,
  message_count integer not null default 0,
  -- One turn at a time per conversation, across instances: the turn that holds a live claim.
  claim_token text,
  claim_expires_at timestamptz
)
-- Every message updates its conversation's row (last_message_at, message_count): that
-- column is deliberately in no index, and the pages keep room, so the update stays
-- heap-only. The admin list sorts instead; retention keeps the table small.
with (fillfactor = 80);
-- At most one open conversation per customer and business number.
create unique index conversations_one_open on public.conversations (customer_id, phone_number_id)
  where status <> 'closed';
create index conversations_by_customer on public.conversations (customer_id);

create table public.messages (
  id uuid primary key default gen_random_uuid(),
  -- Arrival order. Timestamps can tie (PGlite's clock has millisecond resolution, and a burst
  -- arrives faster than that); a turn must read a customer's messages in the order they came.
  seq bigint generated always as identity,
  conversation_id uuid not null references public.conversations (id) on delete cascade,
  direction public.message_direction not null,
  -- Meta's id (wamid.…): the dedupe key of inbound messages and the key of status updates.
  wa_message_id text unique,
  -- Outbound only: the idempotency key of the reply, so a retried turn never sends it twice.
  intent_key text,
  type text not null,
  text text,
  payload jsonb,
  status public.message_status not null,
  error_code integer,
  error_title text,
  error_details text,
  reply_to_wa_message_id text,
  -- Inbound: Meta's timestamp. Outbound: when it was sent.
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  status_at timestamptz,
  answered_at timestamptz
);
create unique index messages_intent_key on public.messages (intent_key) where intent_key is not null;
create index messages_by_conversation on public.messages (conversation_id, seq);
-- What the turn worker and the sweeper look for: inbound messages nobody answered yet.
-- (Only inbound messages are ever 'received'.)
create index messages_unanswered on public.messages (conversation_id, seq) where status = 'received';
-- Retention deletes by age. Rows arrive in time order, so a block range index is enough,
-- and costs next to nothing on insert.
create index messages_by_created_at on public.messages using brin (created_at);

create table public.conversation_memory (
  conversation_id uuid primary key references public.conversations (id) on delete cascade,
  summary text,
  -- The newest message the summary covers (no foreign key: retention may delete it first).
  summarized_through_message_id uuid,
  facts jsonb not null default '{}'::jsonb,
  last_intent text,
  -- Engine state between turns, e.g. the products last shown.
  context jsonb not null default '{}'::jsonb,
  token_estimate integer not null default 0,
  updated_at timestamptz not null default now(),
  constraint conversation_memory_facts_object check (jsonb_typeof(facts) = 'object'),
  constraint conversation_memory_context_object check (jsonb_typeof(context) = 'object')
);

-- Row level security with no policies: a leaked anon (or user) key reads and writes nothing.
-- The app calls the data API as service_role (Supabase) or as the table owner (Postgres,
-- PGlite), both of which bypass it.
alter table public.user_profiles enable row level security;
alter table public.conversations enable row level security;
alter table public.messages enable row level security;
alter table public.conversation_memory enable row level security;

revoke all on table public.user_profiles, public.conversations, public.messages, public.conversation_memory
  from public, anon, authenticated;
grant select, insert, update, delete
  on table public.user_profiles, public.conversations, public.messages, public.conversation_memory
  to service_role;
