-- One send path for every message Mostrador sends (turn replies, the shop's manual messages,
-- later notifications): an outbox in `messages`. A message is recorded `queued`, taken for
-- one attempt at a time (in order per conversation), and finished as sent, retried later, or
-- failed. Statuses that overtake the answer to their send are kept and applied when the wamid
-- is recorded. Erased customers leave a tombstone so Meta's retries store nothing again.

-- The outbox columns (outbound rows only).
alter table public.messages
  add column send_attempts integer not null default 0,
  -- queued: not before this. Taking a message for an attempt moves it to the attempt's lease
  -- end, so a sender that died mid-request leaves it alone until then.
  add column next_attempt_at timestamptz,
  -- queued: past this, a retryable failure becomes final (SEND_RETRY_WINDOW_MINUTES).
  add column send_deadline timestamptz;

-- What the sweeper looks for: queued messages, by when they are due. (Only outbound messages
-- are ever 'queued'.)
create index messages_outbox on public.messages (next_attempt_at) where status = 'queued';

-- Statuses of a wamid not recorded yet. Meta may post `sent` before the answer to the send
-- reaches us (or the answer may be lost): the status waits here for its message.
create table public.pending_statuses (
  wa_message_id text not null,
  status public.message_status not null,
  status_at timestamptz not null,
  error_code integer,
  error_title text,
  error_details text,
  received_at timestamptz not null default now(),
  primary key (wa_message_id, status)
);
create index pending_statuses_by_received_at on public.pending_statuses (received_at);

-- Messages of erased customers that Meta may still retry (it retries for up to 7 days): the
-- SHA-256 of their wamid only, nothing that names a person.
create table public.erased_messages (
  wa_message_hash bytea primary key,
  erased_at timestamptz not null default now()
);

alter table public.pending_statuses enable row level security;
alter table public.erased_messages enable row level security;
revoke all on table public.pending_statuses, public.erased_messages from public, anon, authenticated;
grant select, insert, update, delete on table public.pending_statuses, public.erased_messages to service_role;

-- A status and the recording of its wamid must not pass each other unseen: both take this
-- lock on the wamid first.
create function public.lock_wamid(p_wa_message_id text)
returns void
language sql
set search_path = ''
as $$
  select pg_advisory_xact_lock(7562097, hashtext(p_wa_message_id))
$$;

-- Moves one message's status forward (never back), with the error a failure carries.
create function public.apply_message_status(
  p_message_id uuid,
  p_status public.message_status,
  p_at timestamptz,
  p_error_code integer,
  p_error_title text,
  p_error_details text
)
returns public.message_status
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_current public.message_status;
  v_next public.message_status;
begin
  select status into v_current from public.messages where id = p_message_id for update;
  v_next := public.message_status_after(v_current, p_status);
  if v_next = v_current then
    return v_current;
  end if;
  update public.messages
     set status = v_next,
         status_at = coalesce(p_at, now()),
         sent_at = case when v_next = 'sent' then coalesce(sent_at, p_at, now()) else sent_at end,
         next_attempt_at = null,
         error_code = case when v_next = 'failed' then p_error_code when v_current = 'queued' then null else error_code end,
         error_title = case when v_next = 'failed' then p_error_title when v_current = 'queued' then null else error_title end,
         error_details = case when v_next = 'failed' then p_error_details when v_current = 'queued' then null else error_details end
   where id = p_message_id;
  return v_next;
end
$$;

-- A recorded wamid picks up the statuses that waited for it, oldest rank first.
create function public.apply_pending_statuses(p_message_id uuid, p_wa_message_id text)
returns public.message_status
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_pending record;
  v_status public.message_status;
begin
  for v_pending in
    delete from public.pending_statuses where wa_message_id = p_wa_message_id
    returning status, status_at, error_code, error_title, error_details
  loop
    perform public.apply_message_status(p_message_id, v_pending.status, v_pending.status_at,
      v_pending.error_code, v_pending.error_title, v_pending.error_details);
  end loop;
  select status into v_status from public.messages where id = p_message_id;
  return v_status;
end
$$;

-- A delivery status from Meta. Monotonic. A wamid not recorded yet: when the status carries
-- the callback data of one of our queued sends (its message id), that send went out and this
-- is its wamid; otherwise the status waits in pending_statuses for its wamid.
drop function public.update_message_status(text, text, timestamptz, integer, text, text);
create function public.update_message_status(
  p_wa_message_id text,
  p_status text,
  p_timestamp timestamptz,
  p_error_code integer,
  p_error_title text,
  p_error_details text,
  p_callback_data text
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_message public.messages%rowtype;
  v_before public.message_status;
  v_after public.message_status;
  v_at timestamptz := coalesce(p_timestamp, now());
  v_attached boolean := false;
begin
  if p_status is null or p_status not in ('sent', 'delivered', 'read', 'played', 'failed') then
    raise exception using errcode = '22023',
      message = format('update_message_status: status must be sent, delivered, read, played or failed, not %L', p_status);
  end if;
  if coalesce(p_wa_message_id, '') = '' then
    raise exception using errcode = '22023', message = 'update_message_status: wa_message_id is required';
  end if;
  perform public.lock_wamid(p_wa_message_id);
  select * into v_message from public.messages where wa_message_id = p_wa_message_id for update;
  if not found and p_callback_data ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    select * into v_message from public.messages
     where id = p_callback_data::uuid and direction = 'outbound' and wa_message_id is null
       for update;
    if found then
      -- Meta has it: whatever the attempt that sent it reports later, it is not sent again.
      update public.messages set wa_message_id = p_wa_message_id where id = v_message.id;
      v_attached := true;
      if v_message.status = 'queued' then
        perform public.apply_message_status(v_message.id, 'sent', v_at, null, null, null);
      end if;
      select * into v_message from public.messages where id = v_message.id;
    end if;
  end if;
  if v_message.id is null then
    insert into public.pending_statuses (wa_message_id, status, status_at, error_code, error_title, error_details)
    values (p_wa_message_id, p_status::public.message_status, v_at,
      case when p_status = 'failed' then p_error_code end,
      case when p_status = 'failed' then p_error_title end,
      case when p_status = 'failed' then p_error_details end)
    on conflict (wa_message_id, status) do nothing;
    return jsonb_build_object('known', false, 'applied', false, 'status', null);
  end if;
  v_before := case when v_attached then 'queued' else v_message.status end;
  v_after := public.apply_message_status(v_message.id, p_status::public.message_status, v_at,
    p_error_code, p_error_title, p_error_details);
  return jsonb_build_object('known', true, 'applied', v_after <> v_before, 'status', v_after);
end
$$;

-- Records a reply (or any message to send) in the outbox: all the drafts of one call or none,
-- keyed `<key>:0`, `<key>:1`… in sending order. When the key is already recorded (the same
-- turn run again, the same admin request repeated), nothing is added and the messages
-- recorded the first time come back.
-- p_drafts: [{ type, text, payload, reply_to_wa_message_id }].
create function public.enqueue_outbound(
  p_conversation_id uuid,
  p_key text,
  p_drafts jsonb,
  p_retry_window_seconds integer
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_now timestamptz := now();
  v_messages jsonb;
  v_count integer;
begin
  if coalesce(p_key, '') = '' or length(p_key) > 500 then
    raise exception using errcode = '22023', message = 'enqueue_outbound: key must be 1 to 500 characters';
  end if;
  if p_drafts is null or jsonb_typeof(p_drafts) <> 'array' or jsonb_array_length(p_drafts) = 0 then
    raise exception using errcode = '22023', message = 'enqueue_outbound: drafts must be a non-empty array';
  end if;
  if p_retry_window_seconds is null or p_retry_window_seconds < 0 then
    raise exception using errcode = '22023', message = 'enqueue_outbound: retry_window_seconds must not be negative';
  end if;
  perform 1 from public.conversations where id = p_conversation_id for update;
  if not found then
    raise exception using errcode = 'P0002', message = format('enqueue_outbound: no conversation %s', p_conversation_id);
  end if;

  if exists (select 1 from public.messages where intent_key = p_key || ':0') then
    if exists (select 1 from public.messages where intent_key = p_key || ':0' and conversation_id <> p_conversation_id) then
      raise exception using errcode = '22023',
        message = format('enqueue_outbound: key %L belongs to another conversation', p_key);
    end if;
    select coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'intent_key', m.intent_key, 'status', m.status,
             'wa_message_id', m.wa_message_id, 'error_code', m.error_code, 'error_title', m.error_title,
             'error_details', m.error_details) order by m.seq), '[]'::jsonb)
      into v_messages
      from public.messages m
     where m.conversation_id = p_conversation_id
       and left(m.intent_key, length(p_key) + 1) = p_key || ':'
       and substr(m.intent_key, length(p_key) + 2) ~ '^[0-9]+$';
    return jsonb_build_object('is_new', false, 'messages', v_messages);
  end if;

  with inserted as (
    insert into public.messages (conversation_id, direction, intent_key, type, text, payload, status,
      reply_to_wa_message_id, created_at, status_at, next_attempt_at, send_deadline)
    select p_conversation_id, 'outbound', p_key || ':' || (o - 1), coalesce(nullif(d ->> 'type', ''), 'text'),
           d ->> 'text', d -> 'payload', 'queued', nullif(d ->> 'reply_to_wa_message_id', ''),
           v_now, v_now, v_now, v_now + make_interval(secs => p_retry_window_seconds)
      from jsonb_array_elements(p_drafts) with ordinality as e(d, o)
     order by o
    returning id, intent_key, status, seq
  )
  select count(*), jsonb_agg(jsonb_build_object('id', id, 'intent_key', intent_key, 'status', status,
           'wa_message_id', null, 'error_code', null, 'error_title', null, 'error_details', null) order by seq)
    into v_count, v_messages
    from inserted;
  update public.conversations
     set last_message_at = greatest(last_message_at, v_now), message_count = message_count + v_count
   where id = p_conversation_id;
  return jsonb_build_object('is_new', true, 'messages', v_messages);
end
$$;

-- Takes the conversation's oldest queued message for one attempt, if it is due: its lease
-- starts (no one else takes it until p_lease_seconds pass) and its attempt count goes up.
-- Messages past their retry window fail on the way, with the last error they had. Returns
-- { kind: 'send', message, attempt, to, phone_number_id, last_inbound_at },
-- { kind: 'wait', next_attempt_at } or { kind: 'idle' }.
create function public.take_outbound(p_conversation_id uuid, p_lease_seconds integer)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_now timestamptz := now();
  v_conversation public.conversations%rowtype;
  v_customer public.user_profiles%rowtype;
  v_message public.messages%rowtype;
begin
  if p_lease_seconds is null or p_lease_seconds < 1 then
    raise exception using errcode = '22023', message = 'take_outbound: lease_seconds must be at least 1';
  end if;
  -- One sender at a time per conversation: its messages go out in order.
  select * into v_conversation from public.conversations where id = p_conversation_id for update;
  if not found then
    return jsonb_build_object('kind', 'idle');
  end if;
  loop
    select * into v_message from public.messages
     where conversation_id = p_conversation_id and status = 'queued'
     order by seq
     limit 1
       for update;
    if not found then
      return jsonb_build_object('kind', 'idle');
    end if;
    exit when v_message.send_deadline is null or v_message.send_deadline > v_now
      or v_message.next_attempt_at > v_now;
    -- Past its retry window (and not in an attempt's lease): it fails with its last error.
    update public.messages
       set status = 'failed', status_at = v_now, next_attempt_at = null,
           error_code = coalesce(error_code, 0),
           error_title = coalesce(error_title, 'Not sent within the retry window'),
           error_details = concat_ws('; ', error_details, format('retry window over after %s attempt(s)', send_attempts))
     where id = v_message.id;
  end loop;
  if v_message.next_attempt_at > v_now then
    return jsonb_build_object('kind', 'wait', 'next_attempt_at', v_message.next_attempt_at);
  end if;
  update public.messages
     set send_attempts = send_attempts + 1, next_attempt_at = v_now + make_interval(secs => p_lease_seconds)
   where id = v_message.id
  returning * into v_message;
  select * into v_customer from public.user_profiles where id = v_conversation.customer_id;
  return jsonb_build_object(
    'kind', 'send',
    'message', to_jsonb(v_message),
    'attempt', v_message.send_attempts,
    'to', coalesce(v_customer.phone_number, v_customer.wa_user_id),
    'phone_number_id', v_conversation.phone_number_id,
    'last_inbound_at', v_conversation.last_inbound_at
  );
end
$$;

-- How an attempt ended: 'sent' (with the wamid when Meta gave one), 'retry' (not before
-- p_retry_at, and only within the retry window: past it the message fails now) or 'failed'.
-- Only the current attempt of a still-queued message counts: a status that already proved it
-- sent, or a newer attempt, wins.
create function public.finish_outbound(
  p_message_id uuid,
  p_attempt integer,
  p_outcome text,
  p_wa_message_id text,
  p_type text,
  p_retry_at timestamptz,
  p_error_code integer,
  p_error_title text,
  p_error_details text
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_message public.messages%rowtype;
  v_status public.message_status;
begin
  if p_outcome is null or p_outcome not in ('sent', 'retry', 'failed') then
    raise exception using errcode = '22023',
      message = format('finish_outbound: outcome must be sent, retry or failed, not %L', p_outcome);
  end if;
  if p_outcome = 'retry' and p_retry_at is null then
    raise exception using errcode = '22023', message = 'finish_outbound: a retry needs retry_at';
  end if;
  if coalesce(p_wa_message_id, '') <> '' then
    perform public.lock_wamid(p_wa_message_id);
  end if;
  select * into v_message from public.messages where id = p_message_id and direction = 'outbound' for update;
  if not found then
    raise exception using errcode = 'P0002', message = format('finish_outbound: no outbound message %s', p_message_id);
  end if;
  if v_message.status <> 'queued' or v_message.send_attempts <> p_attempt then
    -- Settled already (a status with our callback data came first): keep the wamid Meta gave.
    if p_outcome = 'sent' and v_message.wa_message_id is null and coalesce(p_wa_message_id, '') <> '' then
      update public.messages set wa_message_id = p_wa_message_id where id = v_message.id;
      v_status := public.apply_pending_statuses(v_message.id, p_wa_message_id);
    end if;
    return jsonb_build_object('applied', false, 'status', coalesce(v_status, v_message.status));
  end if;
  if p_outcome = 'sent' then
    update public.messages
       set wa_message_id = coalesce(wa_message_id, nullif(p_wa_message_id, '')),
           type = coalesce(nullif(p_type, ''), type)
     where id = v_message.id;
    perform public.apply_message_status(v_message.id, 'sent', now(), null, null, null);
    v_status := 'sent';
    if coalesce(p_wa_message_id, '') <> '' then
      v_status := public.apply_pending_statuses(v_message.id, p_wa_message_id);
    end if;
  elsif p_outcome = 'retry' and p_retry_at < coalesce(v_message.send_deadline, 'infinity') then
    update public.messages
       set next_attempt_at = p_retry_at, status_at = now(),
           error_code = p_error_code, error_title = p_error_title, error_details = p_error_details
     where id = v_message.id;
    v_status := 'queued';
  else
    v_status := public.apply_message_status(v_message.id, 'failed', now(), p_error_code, p_error_title,
      case when p_outcome = 'retry'
        then concat_ws('; ', p_error_details, format('retry window over after %s attempt(s)', p_attempt))
        else p_error_details end);
  end if;
  return jsonb_build_object('applied', true, 'status', v_status);
end
$$;

-- The sweeper's other question: which conversations have a queued message due now?
create function public.find_due_outbound(p_limit integer)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(d.conversation_id order by d.due), '[]'::jsonb)
    from (
      select m.conversation_id, min(m.next_attempt_at) as due
        from public.messages m
       where m.status = 'queued' and m.next_attempt_at <= now()
       group by m.conversation_id
       order by due
       limit greatest(least(p_limit, 1000), 0)
    ) d
$$;

-- The turn's heartbeat: extends a claim this token still holds.
create function public.renew_claim(p_conversation_id uuid, p_claim_token text, p_lease_seconds integer)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
begin
  if p_lease_seconds is null or p_lease_seconds < 1 then
    raise exception using errcode = '22023', message = 'renew_claim: lease_seconds must be at least 1';
  end if;
  update public.conversations
     set claim_expires_at = now() + make_interval(secs => p_lease_seconds)
   where id = p_conversation_id and claim_token = p_claim_token and claim_expires_at > now();
  return jsonb_build_object('renewed', found);
end
$$;

-- One conversation as the admin API shows it (with who it is with); null for an unknown id.
create function public.get_conversation(p_conversation_id uuid)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select public.conversation_summary_json(c, u, mem.last_intent)
    from public.conversations c
    join public.user_profiles u on u.id = c.customer_id
    left join public.conversation_memory mem on mem.conversation_id = c.id
   where c.id = p_conversation_id
$$;

-- Erasure leaves the hashes of the person's recent message ids (Meta retries for 7 days).
create or replace function public.erase_customer(p_customer_id uuid)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_memories integer;
  v_messages integer;
  v_conversations integer;
  v_customers integer;
begin
  perform 1 from public.user_profiles where id = p_customer_id for update;
  insert into public.erased_messages (wa_message_hash)
  select sha256(convert_to(m.wa_message_id, 'UTF8'))
    from public.messages m
    join public.conversations c on c.id = m.conversation_id
   where c.customer_id = p_customer_id and m.direction = 'inbound' and m.wa_message_id is not null
     and m.created_at > now() - interval '8 days'
  on conflict (wa_message_hash) do nothing;
  delete from public.conversation_memory
   where conversation_id in (select id from public.conversations where customer_id = p_customer_id);
  get diagnostics v_memories = row_count;
  delete from public.messages
   where conversation_id in (select id from public.conversations where customer_id = p_customer_id);
  get diagnostics v_messages = row_count;
  delete from public.conversations where customer_id = p_customer_id;
  get diagnostics v_conversations = row_count;
  delete from public.user_profiles where id = p_customer_id;
  get diagnostics v_customers = row_count;
  return jsonb_build_object('customers', v_customers, 'conversations', v_conversations,
    'messages', v_messages, 'memories', v_memories);
end
$$;

-- A message whose sender was erased is not stored again when Meta retries it.
create or replace function public.record_inbound_message(
  p_wa_message_id text,
  p_phone_number_id text,
  p_phone_number text,
  p_user_id text,
  p_display_name text,
  p_type text,
  p_text text,
  p_payload jsonb,
  p_reply_to_wa_message_id text,
  p_sent_at timestamptz,
  p_status text,
  p_idle_hours integer
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_now timestamptz := now();
  v_phone text := nullif(p_phone_number, '');
  v_user_id text := nullif(p_user_id, '');
  v_status text := coalesce(p_status, 'received');
  -- The 24-hour window starts when the customer wrote (Meta's timestamp), never in the future.
  v_inbound_at timestamptz := least(coalesce(p_sent_at, now()), now());
  v_existing record;
  v_customer_id uuid;
  v_conversation_id uuid;
  v_message_id uuid;
  v_opened boolean := false;
begin
  if coalesce(p_wa_message_id, '') = '' then
    raise exception using errcode = '22023', message = 'record_inbound_message: wa_message_id is required';
  end if;
  if coalesce(p_phone_number_id, '') = '' then
    raise exception using errcode = '22023', message = 'record_inbound_message: phone_number_id is required';
  end if;
  if v_phone is null and v_user_id is null then
    raise exception using errcode = '22023', message = 'record_inbound_message: a phone number or a user id is required';
  end if;
  if v_status not in ('received', 'rate_limited') then
    raise exception using errcode = '22023',
      message = format('record_inbound_message: status must be received or rate_limited, not %L', v_status);
  end if;
  if p_idle_hours is null or p_idle_hours < 1 then
    raise exception using errcode = '22023', message = 'record_inbound_message: idle_hours must be at least 1';
  end if;

  perform 1 from public.messages where wa_message_id = p_wa_message_id;
  if found then
    select m.id, m.conversation_id, c.customer_id into v_existing
      from public.messages m join public.conversations c on c.id = m.conversation_id
     where m.wa_message_id = p_wa_message_id;
    return jsonb_build_object('conversation_id', v_existing.conversation_id, 'message_id', v_existing.id,
      'customer_id', v_existing.customer_id, 'is_new', false, 'conversation_opened', false);
  end if;
  -- The sender was erased since: Meta retrying one of their messages stores nothing again.
  perform 1 from public.erased_messages where wa_message_hash = sha256(convert_to(p_wa_message_id, 'UTF8'));
  if found then
    return jsonb_build_object('conversation_id', null, 'message_id', null, 'customer_id', null,
      'is_new', false, 'conversation_opened', false, 'erased', true);
  end if;

  -- The customer, by phone number first, then by user id, counted by the same update that
  -- locks the row: the messages of one customer pass here one at a time, so finding or
  -- opening their conversation cannot race. The identity the profile lacks is filled in,
  -- unless another profile has it. Created when neither matches.
  for attempt in 1..3 loop
    if v_phone is not null then
      update public.user_profiles u
         set last_seen_at = greatest(u.last_seen_at, v_now),
             message_count = u.message_count + 1,
             display_name = coalesce(nullif(p_display_name, ''), u.display_name),
             wa_user_id = case
               when u.wa_user_id is null and v_user_id is not null
                    and not exists (select 1 from public.user_profiles o where o.wa_user_id = v_user_id)
                 then v_user_id
               else u.wa_user_id
             end
       where u.phone_number = v_phone
      returning u.id into v_customer_id;
    end if;
    if v_customer_id is null and v_user_id is not null then
      update public.user_profiles u
         set last_seen_at = greatest(u.last_seen_at, v_now),
             message_count = u.message_count + 1,
             display_name = coalesce(nullif(p_display_name, ''), u.display_name),
             phone_number = case
               when u.phone_number is null and v_phone is not null
                    and not exists (select 1 from public.user_profiles o where o.phone_number = v_phone)
                 then v_phone
               else u.phone_number
             end
       where u.wa_user_id = v_user_id
      returning u.id into v_customer_id;
    end if;
    exit when v_customer_id is not null;
    insert into public.user_profiles (phone_number, wa_user_id, display_name, first_seen_at, last_seen_at, message_count)
    values (v_phone, v_user_id, nullif(p_display_name, ''), v_now, v_now, 1)
    on conflict do nothing
    returning id into v_customer_id;
    exit when v_customer_id is not null;
  end loop;
  if v_customer_id is null then
    raise exception using errcode = '40001', message = 'record_inbound_message: the customer changed concurrently, retry';
  end if;

  -- The open conversation on this business number, unless idle too long: then it is closed
  -- and a new one opened.
  update public.conversations c
     set last_message_at = greatest(c.last_message_at, v_now),
         last_inbound_at = greatest(c.last_inbound_at, v_inbound_at),
         message_count = c.message_count + 1
   where c.customer_id = v_customer_id and c.phone_number_id = p_phone_number_id and c.status <> 'closed'
     and c.last_message_at >= v_now - make_interval(hours => p_idle_hours)
  returning c.id into v_conversation_id;
  if v_conversation_id is null then
    update public.conversations
       set status = 'closed', closed_at = v_now
     where customer_id = v_customer_id and phone_number_id = p_phone_number_id and status <> 'closed';
    insert into public.conversations (customer_id, phone_number_id, status, started_at, last_message_at, last_inbound_at, message_count)
    values (v_customer_id, p_phone_number_id, 'active', v_now, v_now, v_inbound_at, 1)
    returning id into v_conversation_id;
    v_opened := true;
  end if;

  insert into public.messages (conversation_id, direction, wa_message_id, type, text, payload, status,
    reply_to_wa_message_id, sent_at, created_at, status_at)
  values (v_conversation_id, 'inbound', p_wa_message_id, coalesce(nullif(p_type, ''), 'unknown'), p_text, p_payload,
    v_status::public.message_status, p_reply_to_wa_message_id, p_sent_at, v_now, v_now)
  on conflict (wa_message_id) do nothing
  returning id into v_message_id;
  if v_message_id is not null then
    return jsonb_build_object('conversation_id', v_conversation_id, 'message_id', v_message_id,
      'customer_id', v_customer_id, 'is_new', true, 'conversation_opened', v_opened);
  end if;

  -- A concurrent call stored the same wamid while this one waited for the customer's lock:
  -- a duplicate after all. Take back what this call counted.
  update public.user_profiles set message_count = message_count - 1 where id = v_customer_id;
  if v_opened then
    delete from public.conversations where id = v_conversation_id;
  else
    update public.conversations set message_count = message_count - 1 where id = v_conversation_id;
  end if;
  select m.id, m.conversation_id, c.customer_id into v_existing
    from public.messages m join public.conversations c on c.id = m.conversation_id
   where m.wa_message_id = p_wa_message_id;
  return jsonb_build_object('conversation_id', v_existing.conversation_id, 'message_id', v_existing.id,
    'customer_id', v_existing.customer_id, 'is_new', false, 'conversation_opened', false);
end
$$;

-- Retention, plus the two small tables that only need a short memory.
create or replace function public.cleanup_old_data(p_older_than timestamptz, p_batch_size integer)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_ids uuid[];
  v_messages integer;
  v_memories integer;
  v_conversations integer;
  v_customers integer;
  v_statuses integer;
  v_tombstones integer;
begin
  if p_older_than is null or p_older_than > now() - interval '7 days' then
    raise exception using errcode = '22023',
      message = 'cleanup_old_data: the cutoff must be at least 7 days ago (Meta retries webhooks for up to 7 days)';
  end if;
  if p_batch_size is null or p_batch_size < 1 or p_batch_size > 100000 then
    raise exception using errcode = '22023', message = 'cleanup_old_data: batch_size must be from 1 to 100000';
  end if;

  delete from public.messages
   where id in (
     select id from public.messages where created_at < p_older_than
      limit p_batch_size for update skip locked
   );
  get diagnostics v_messages = row_count;

  select coalesce(array_agg(id), '{}') into v_ids
    from (
      select c.id from public.conversations c
       where c.last_message_at < p_older_than
         and not exists (select 1 from public.messages m where m.conversation_id = c.id)
       limit p_batch_size for update skip locked
    ) doomed;
  delete from public.conversation_memory where conversation_id = any (v_ids);
  get diagnostics v_memories = row_count;
  delete from public.conversations where id = any (v_ids);
  get diagnostics v_conversations = row_count;

  delete from public.user_profiles
   where id in (
     select u.id from public.user_profiles u
      where u.last_seen_at < p_older_than
        and not exists (select 1 from public.conversations c where c.customer_id = u.id)
      limit p_batch_size for update skip locked
   );
  get diagnostics v_customers = row_count;

  -- Statuses whose wamid never came (a day is plenty: sends record theirs within seconds),
  -- and tombstones past Meta's 7 days of retries.
  delete from public.pending_statuses
   where (wa_message_id, status) in (
     select wa_message_id, status from public.pending_statuses where received_at < now() - interval '1 day'
      limit p_batch_size for update skip locked
   );
  get diagnostics v_statuses = row_count;
  delete from public.erased_messages
   where wa_message_hash in (
     select wa_message_hash from public.erased_messages where erased_at < now() - interval '8 days'
      limit p_batch_size for update skip locked
   );
  get diagnostics v_tombstones = row_count;

  return jsonb_build_object('messages', v_messages, 'conversations', v_conversations,
    'memories', v_memories, 'customers', v_customers, 'pending_statuses', v_statuses,
    'erasure_tombstones', v_tombstones);
end
$$;

-- Rows an earlier version recorded before a send whose result it never learned: they may have
-- gone out, so they are not sent now.
update public.messages
   set status = 'failed', status_at = now(), error_code = 0,
       error_title = 'Send result unknown', error_details = 'recorded before a send that never reported back'
 where status = 'queued';

drop function public.record_outbound_message(uuid, text, text, text, jsonb, text, text, integer, text, text, text);
drop function public.db_stats();

do $grants$
declare
  v_function regprocedure;
begin
  for v_function in
    select p.oid::regprocedure from pg_proc p
     where p.pronamespace = 'public'::regnamespace
       and p.proname = any (array[
         'lock_wamid', 'apply_message_status', 'apply_pending_statuses', 'update_message_status',
         'enqueue_outbound', 'take_outbound', 'finish_outbound', 'find_due_outbound', 'renew_claim',
         'get_conversation', 'erase_customer', 'record_inbound_message', 'cleanup_old_data'
       ])
  loop
    execute format('revoke all on function %s from public, anon, authenticated', v_function);
    execute format('grant execute on function %s to service_role', v_function);
  end loop;
end
$grants$;
