-- The data API: every operation the app performs is one function here, atomic, one round
-- trip, idempotent where it can be. The app calls them the same way from every adapter
-- (PGlite, `pg`, supabase-js `rpc()`), with named arguments, and reads one jsonb value back.
--
-- Errors the caller made (a bad argument, an unknown cursor) raise SQLSTATE 22023
-- (invalid_parameter_value); a missing parent raises P0002 (no_data_found); a conflict
-- with the data raises 23505 (unique_violation). None of them is worth a retry.

-- Delivery statuses only move forward: queued < sent < delivered < read | played. `failed`
-- is terminal and only follows queued or sent (a delivered message did not fail). read and
-- played do not overwrite each other. Inbound statuses never change here.
create function public.message_status_after(p_current public.message_status, p_next public.message_status)
returns public.message_status
language sql
immutable
parallel safe
set search_path = ''
as $$
  select case
    when p_current not in ('queued', 'sent', 'delivered') then p_current
    when p_next = 'failed' then case when p_current in ('queued', 'sent') then 'failed' else p_current end
    when (case p_next when 'sent' then 1 when 'delivered' then 2 when 'read' then 3 when 'played' then 3 else -1 end)
       > (case p_current when 'queued' then 0 when 'sent' then 1 else 2 end)
      then p_next
    else p_current
  end
$$;

-- Keyset pagination cursors: opaque to the caller, exact to the microsecond here.
create function public.page_cursor(p_at timestamptz, p_id uuid)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select rtrim(translate(encode(convert_to(
    ((extract(epoch from p_at) * 1000000)::bigint)::text || ':' || p_id::text, 'UTF8'), 'base64'), E'+/\n', '-_'), '=')
$$;

create function public.decode_page_cursor(p_cursor text, out cursor_at timestamptz, out cursor_id uuid)
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_plain text;
begin
  v_plain := convert_from(decode(rpad(translate(p_cursor, '-_', '+/'), ((length(p_cursor) + 3) / 4) * 4, '='), 'base64'), 'UTF8');
  cursor_at := timestamptz 'epoch' + split_part(v_plain, ':', 1)::bigint * interval '1 microsecond';
  cursor_id := split_part(v_plain, ':', 2)::uuid;
exception when others then
  raise exception using errcode = '22023', message = 'invalid cursor: pass back the nextCursor of the previous page';
end
$$;

-- A conversation as the admin lists show it: the conversation, who it is with, what it was about.
create function public.conversation_summary_json(
  p_conversation public.conversations,
  p_customer public.user_profiles,
  p_last_intent text
)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select (to_jsonb(p_conversation) - 'claim_token' - 'claim_expires_at') || jsonb_build_object(
    'customer', jsonb_build_object(
      'id', (p_customer).id,
      'phone_number', (p_customer).phone_number,
      'wa_user_id', (p_customer).wa_user_id,
      'display_name', (p_customer).display_name,
      'opted_out', (p_customer).opted_out
    ),
    'last_intent', p_last_intent
  )
$$;

-- The webhook's one call per inbound message: upserts the customer, finds or opens the
-- conversation, stores the message once. A wamid already stored (Meta retries for up to
-- 7 days) changes nothing and comes back with is_new = false.
create function public.record_inbound_message(
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

-- A delivery status from Meta (sent, delivered, read, played, failed). Monotonic; an unknown
-- wamid is not an error (statuses of messages sent by other tools reach the same webhook).
create function public.update_message_status(
  p_wa_message_id text,
  p_status text,
  p_timestamp timestamptz,
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
  v_next public.message_status;
  v_at timestamptz := coalesce(p_timestamp, now());
begin
  if p_status is null or p_status not in ('sent', 'delivered', 'read', 'played', 'failed') then
    raise exception using errcode = '22023',
      message = format('update_message_status: status must be sent, delivered, read, played or failed, not %L', p_status);
  end if;
  select * into v_message from public.messages where wa_message_id = p_wa_message_id for update;
  if not found then
    return jsonb_build_object('known', false, 'applied', false, 'status', null);
  end if;
  v_next := public.message_status_after(v_message.status, p_status::public.message_status);
  if v_next = v_message.status then
    return jsonb_build_object('known', true, 'applied', false, 'status', v_message.status);
  end if;
  update public.messages
     set status = v_next,
         status_at = v_at,
         sent_at = case when v_next = 'sent' then coalesce(sent_at, v_at) else sent_at end,
         error_code = case when v_next = 'failed' then p_error_code else error_code end,
         error_title = case when v_next = 'failed' then p_error_title else error_title end,
         error_details = case when v_next = 'failed' then p_error_details else error_details end
   where id = v_message.id;
  return jsonb_build_object('known', true, 'applied', true, 'status', v_next);
end
$$;

-- Takes a conversation for one turn: succeeds when no other live claim holds it (the same
-- token renews its own), and returns the inbound messages nobody answered yet, oldest first.
create function public.claim_unanswered(
  p_conversation_id uuid,
  p_claim_token text,
  p_lease_seconds integer,
  p_max_age_seconds integer
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_conversation public.conversations%rowtype;
  v_messages jsonb;
begin
  if coalesce(p_claim_token, '') = '' then
    raise exception using errcode = '22023', message = 'claim_unanswered: claim_token is required';
  end if;
  if p_lease_seconds is null or p_lease_seconds < 1 or p_max_age_seconds is null or p_max_age_seconds < 0 then
    raise exception using errcode = '22023', message = 'claim_unanswered: lease_seconds must be at least 1 and max_age_seconds at least 0';
  end if;
  select * into v_conversation from public.conversations where id = p_conversation_id for update;
  if not found
     or (v_conversation.claim_token is not null and v_conversation.claim_expires_at > now()
         and v_conversation.claim_token <> p_claim_token) then
    return jsonb_build_object('claimed', false, 'messages', '[]'::jsonb);
  end if;
  update public.conversations
     set claim_token = p_claim_token, claim_expires_at = now() + make_interval(secs => p_lease_seconds)
   where id = p_conversation_id;
  select coalesce(jsonb_agg(to_jsonb(m) order by m.seq), '[]'::jsonb) into v_messages
    from public.messages m
   where m.conversation_id = p_conversation_id and m.direction = 'inbound' and m.status = 'received'
     and coalesce(m.sent_at, m.created_at) >= now() - make_interval(secs => p_max_age_seconds);
  return jsonb_build_object('claimed', true, 'messages', v_messages);
end
$$;

-- Marks inbound messages answered and releases the claim when the token still holds it. The
-- messages are marked even when the claim was lost: the reply went out, nobody must repeat it.
create function public.mark_answered(p_conversation_id uuid, p_claim_token text, p_message_ids uuid[])
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_answered integer;
  v_released boolean;
begin
  perform 1 from public.conversations where id = p_conversation_id for update;
  update public.messages
     set status = 'answered', answered_at = now()
   where conversation_id = p_conversation_id and id = any (coalesce(p_message_ids, '{}'))
     and direction = 'inbound' and status = 'received';
  get diagnostics v_answered = row_count;
  update public.conversations
     set claim_token = null, claim_expires_at = null
   where id = p_conversation_id and claim_token = p_claim_token;
  v_released := found;
  return jsonb_build_object('answered', v_answered, 'released', v_released);
end
$$;

create function public.release_claim(p_conversation_id uuid, p_claim_token text)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
begin
  update public.conversations
     set claim_token = null, claim_expires_at = null
   where id = p_conversation_id and claim_token = p_claim_token;
  return jsonb_build_object('released', found);
end
$$;

-- The sweeper's question: which conversations have inbound messages waiting for at least
-- min_age (and at most max_age) with no live claim? Oldest waiting first.
create function public.find_unanswered_conversations(p_min_age_seconds integer, p_max_age_seconds integer, p_limit integer)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(w.conversation_id order by w.oldest), '[]'::jsonb)
    from (
      select m.conversation_id, min(m.created_at) as oldest
        from public.messages m
        join public.conversations c on c.id = m.conversation_id
       where m.direction = 'inbound' and m.status = 'received'
         and m.created_at <= now() - make_interval(secs => greatest(p_min_age_seconds, 0))
         and coalesce(m.sent_at, m.created_at) >= now() - make_interval(secs => greatest(p_max_age_seconds, 0))
         and (c.claim_token is null or c.claim_expires_at <= now())
       group by m.conversation_id
       order by oldest
       limit greatest(least(p_limit, 1000), 0)
    ) w
$$;

-- A reply, recorded before the send (queued) and again after it (sent with the wamid, or
-- failed with the error). The intent key makes it idempotent: the same key always names
-- the same row, and a later call only moves its status forward.
create function public.record_outbound_message(
  p_conversation_id uuid,
  p_intent_key text,
  p_type text,
  p_text text,
  p_payload jsonb,
  p_wa_message_id text,
  p_status text,
  p_error_code integer,
  p_error_title text,
  p_error_details text,
  p_reply_to_wa_message_id text
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_now timestamptz := now();
  v_message public.messages%rowtype;
  v_next public.message_status;
begin
  if coalesce(p_intent_key, '') = '' then
    raise exception using errcode = '22023', message = 'record_outbound_message: intent_key is required';
  end if;
  if p_status is null or p_status not in ('queued', 'sent', 'failed') then
    raise exception using errcode = '22023',
      message = format('record_outbound_message: status must be queued, sent or failed, not %L', p_status);
  end if;
  perform 1 from public.conversations where id = p_conversation_id for update;
  if not found then
    raise exception using errcode = 'P0002', message = format('record_outbound_message: no conversation %s', p_conversation_id);
  end if;

  insert into public.messages (conversation_id, direction, intent_key, wa_message_id, type, text, payload, status,
    error_code, error_title, error_details, reply_to_wa_message_id, sent_at, created_at, status_at)
  values (p_conversation_id, 'outbound', p_intent_key, nullif(p_wa_message_id, ''), coalesce(nullif(p_type, ''), 'text'),
    p_text, p_payload, p_status::public.message_status,
    case when p_status = 'failed' then p_error_code end,
    case when p_status = 'failed' then p_error_title end,
    case when p_status = 'failed' then p_error_details end,
    p_reply_to_wa_message_id, case when p_status = 'sent' then v_now end, v_now, v_now)
  on conflict (intent_key) where intent_key is not null do nothing
  returning * into v_message;
  if v_message.id is not null then
    update public.conversations
       set last_message_at = greatest(last_message_at, v_now), message_count = message_count + 1
     where id = p_conversation_id;
    return jsonb_build_object('message_id', v_message.id, 'is_new', true, 'status', v_message.status,
      'wa_message_id', v_message.wa_message_id);
  end if;

  select * into v_message from public.messages where intent_key = p_intent_key for update;
  if v_message.conversation_id <> p_conversation_id then
    raise exception using errcode = '22023',
      message = format('record_outbound_message: intent key %L belongs to another conversation', p_intent_key);
  end if;
  v_next := public.message_status_after(v_message.status, p_status::public.message_status);
  update public.messages
     set wa_message_id = coalesce(wa_message_id, nullif(p_wa_message_id, '')),
         status = v_next,
         status_at = case when v_next <> v_message.status then v_now else status_at end,
         sent_at = case when v_next = 'sent' then coalesce(sent_at, v_now) else sent_at end,
         error_code = case when v_next = 'failed' and v_message.status <> 'failed' then p_error_code else error_code end,
         error_title = case when v_next = 'failed' and v_message.status <> 'failed' then p_error_title else error_title end,
         error_details = case when v_next = 'failed' and v_message.status <> 'failed' then p_error_details else error_details end
   where id = v_message.id
  returning * into v_message;
  return jsonb_build_object('message_id', v_message.id, 'is_new', false, 'status', v_message.status,
    'wa_message_id', v_message.wa_message_id);
end
$$;

-- Everything a turn needs in one call: the conversation, the customer, the memory (defaults
-- when there is none yet) and the last N messages, oldest first. Null for an unknown id.
create function public.get_turn_context(p_conversation_id uuid, p_message_limit integer)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'conversation', to_jsonb(c) - 'claim_token' - 'claim_expires_at',
    'customer', to_jsonb(u),
    'memory', coalesce(to_jsonb(mem), jsonb_build_object(
      'conversation_id', c.id, 'summary', null, 'summarized_through_message_id', null, 'facts', '{}'::jsonb,
      'last_intent', null, 'context', '{}'::jsonb, 'token_estimate', 0, 'updated_at', null)),
    'recent_messages', (
      select coalesce(jsonb_agg(to_jsonb(r) order by r.seq), '[]'::jsonb)
        from (
          select * from public.messages m
           where m.conversation_id = c.id
           order by m.seq desc
           limit greatest(least(p_message_limit, 500), 0)
        ) r
    )
  )
    from public.conversations c
    join public.user_profiles u on u.id = c.customer_id
    left join public.conversation_memory mem on mem.conversation_id = c.id
   where c.id = p_conversation_id
$$;

-- Upserts a conversation's memory; an argument left null keeps the stored value.
create function public.save_memory(
  p_conversation_id uuid,
  p_summary text,
  p_summarized_through_message_id uuid,
  p_facts jsonb,
  p_last_intent text,
  p_context jsonb,
  p_token_estimate integer
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_memory public.conversation_memory%rowtype;
begin
  if p_facts is not null and jsonb_typeof(p_facts) <> 'object' then
    raise exception using errcode = '22023', message = 'save_memory: facts must be a JSON object';
  end if;
  if p_context is not null and jsonb_typeof(p_context) <> 'object' then
    raise exception using errcode = '22023', message = 'save_memory: context must be a JSON object';
  end if;
  if p_token_estimate is not null and p_token_estimate < 0 then
    raise exception using errcode = '22023', message = 'save_memory: token_estimate must not be negative';
  end if;
  perform 1 from public.conversations where id = p_conversation_id;
  if not found then
    raise exception using errcode = 'P0002', message = format('save_memory: no conversation %s', p_conversation_id);
  end if;
  insert into public.conversation_memory as m (conversation_id, summary, summarized_through_message_id, facts,
    last_intent, context, token_estimate, updated_at)
  values (p_conversation_id, p_summary, p_summarized_through_message_id, coalesce(p_facts, '{}'::jsonb),
    p_last_intent, coalesce(p_context, '{}'::jsonb), coalesce(p_token_estimate, 0), now())
  on conflict (conversation_id) do update
     set summary = coalesce(p_summary, m.summary),
         summarized_through_message_id = coalesce(p_summarized_through_message_id, m.summarized_through_message_id),
         facts = coalesce(p_facts, m.facts),
         last_intent = coalesce(p_last_intent, m.last_intent),
         context = coalesce(p_context, m.context),
         token_estimate = coalesce(p_token_estimate, m.token_estimate),
         updated_at = now()
  returning * into v_memory;
  return to_jsonb(v_memory);
end
$$;

-- active ↔ handoff ↔ closed. Reopening refuses when the customer already has another open
-- conversation on the same business number. Null for an unknown id.
create function public.set_conversation_status(p_conversation_id uuid, p_status text)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_conversation public.conversations%rowtype;
begin
  if p_status is null or p_status not in ('active', 'handoff', 'closed') then
    raise exception using errcode = '22023',
      message = format('set_conversation_status: status must be active, handoff or closed, not %L', p_status);
  end if;
  select * into v_conversation from public.conversations where id = p_conversation_id for update;
  if not found then
    return null;
  end if;
  if v_conversation.status = 'closed' and p_status <> 'closed' and exists (
    select 1 from public.conversations o
     where o.customer_id = v_conversation.customer_id and o.phone_number_id = v_conversation.phone_number_id
       and o.status <> 'closed' and o.id <> v_conversation.id
  ) then
    raise exception using errcode = '23505',
      message = 'set_conversation_status: the customer already has an open conversation on this number';
  end if;
  update public.conversations
     set status = p_status::public.conversation_status,
         closed_at = case when p_status = 'closed' then coalesce(closed_at, now()) end
   where id = p_conversation_id
  returning * into v_conversation;
  return to_jsonb(v_conversation) - 'claim_token' - 'claim_expires_at';
end
$$;

-- Sets one remembered fact about a customer, or removes it when the value is null.
create function public.remember_fact(p_customer_id uuid, p_key text, p_value jsonb)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_customer public.user_profiles%rowtype;
begin
  if p_key is null or length(btrim(p_key)) = 0 or length(p_key) > 100 then
    raise exception using errcode = '22023', message = 'remember_fact: key must be 1 to 100 characters';
  end if;
  update public.user_profiles
     set facts = case
       when p_value is null or p_value = 'null'::jsonb then facts - p_key
       else facts || jsonb_build_object(p_key, p_value)
     end
   where id = p_customer_id
  returning * into v_customer;
  if not found then
    return null;
  end if;
  return to_jsonb(v_customer);
end
$$;

create function public.set_opted_out(p_customer_id uuid, p_opted_out boolean)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_customer public.user_profiles%rowtype;
begin
  if p_opted_out is null then
    raise exception using errcode = '22023', message = 'set_opted_out: opted_out must be true or false';
  end if;
  update public.user_profiles
     set opted_out = p_opted_out,
         opted_out_at = case when p_opted_out then coalesce(opted_out_at, now()) end
   where id = p_customer_id
  returning * into v_customer;
  if not found then
    return null;
  end if;
  return to_jsonb(v_customer);
end
$$;

-- Conversations, most recent activity first; keyset pagination on (last_message_at, id).
create function public.list_conversations(p_status text, p_cursor text, p_limit integer)
returns jsonb
language plpgsql
stable
set search_path = public, pg_temp
as $$
declare
  v_after_at timestamptz;
  v_after_id uuid;
  v_items jsonb;
  v_next text;
begin
  if p_limit is null or p_limit < 1 or p_limit > 200 then
    raise exception using errcode = '22023', message = 'list_conversations: limit must be from 1 to 200';
  end if;
  if p_status is not null and p_status not in ('active', 'handoff', 'closed') then
    raise exception using errcode = '22023',
      message = format('list_conversations: status must be active, handoff or closed, not %L', p_status);
  end if;
  if p_cursor is not null then
    select cursor_at, cursor_id into v_after_at, v_after_id from public.decode_page_cursor(p_cursor);
  end if;
  select coalesce(jsonb_agg(p.item order by p.rn) filter (where p.rn <= p_limit), '[]'::jsonb),
         max(p.cursor) filter (where p.rn = p_limit and p.total > p_limit)
    into v_items, v_next
    from (
      select row_number() over (order by c.last_message_at desc, c.id desc) as rn,
             count(*) over () as total,
             public.conversation_summary_json(c, u, mem.last_intent) as item,
             public.page_cursor(c.last_message_at, c.id) as cursor
        from public.conversations c
        join public.user_profiles u on u.id = c.customer_id
        left join public.conversation_memory mem on mem.conversation_id = c.id
       where (p_status is null or c.status = p_status::public.conversation_status)
         and (p_cursor is null or (c.last_message_at, c.id) < (v_after_at, v_after_id))
       order by c.last_message_at desc, c.id desc
       limit p_limit + 1
    ) p;
  return jsonb_build_object('items', v_items, 'next_cursor', v_next);
end
$$;

-- A conversation's messages in the order they arrived; keyset pagination on that order (the
-- cursor names the last message of the page).
create function public.get_conversation_messages(p_conversation_id uuid, p_cursor text, p_limit integer)
returns jsonb
language plpgsql
stable
set search_path = public, pg_temp
as $$
declare
  v_after_at timestamptz;
  v_after_id uuid;
  v_after_seq bigint;
  v_items jsonb;
  v_next text;
begin
  if p_limit is null or p_limit < 1 or p_limit > 500 then
    raise exception using errcode = '22023', message = 'get_conversation_messages: limit must be from 1 to 500';
  end if;
  if p_cursor is not null then
    select cursor_at, cursor_id into v_after_at, v_after_id from public.decode_page_cursor(p_cursor);
    -- The cursor's message may have been deleted since (retention): then by its time.
    select seq into v_after_seq from public.messages where id = v_after_id;
  end if;
  select coalesce(jsonb_agg(p.item order by p.rn) filter (where p.rn <= p_limit), '[]'::jsonb),
         max(p.cursor) filter (where p.rn = p_limit and p.total > p_limit)
    into v_items, v_next
    from (
      select row_number() over (order by m.seq) as rn,
             count(*) over () as total,
             to_jsonb(m) as item,
             public.page_cursor(m.created_at, m.id) as cursor
        from public.messages m
       where m.conversation_id = p_conversation_id
         and (p_cursor is null or (v_after_seq is not null and m.seq > v_after_seq)
              or (v_after_seq is null and m.created_at > v_after_at))
       order by m.seq
       limit p_limit + 1
    ) p;
  return jsonb_build_object('items', v_items, 'next_cursor', v_next);
end
$$;

-- One customer by id, phone number or user id (exactly one of them): the profile, their
-- latest 100 conversations (newest first) and the memory of the latest one. Null if unknown.
create function public.get_customer(p_id uuid, p_phone_number text, p_user_id text)
returns jsonb
language plpgsql
stable
set search_path = public, pg_temp
as $$
declare
  v_customer public.user_profiles%rowtype;
  v_conversations jsonb;
  v_memory jsonb;
begin
  if num_nonnulls(p_id, p_phone_number, p_user_id) <> 1 then
    raise exception using errcode = '22023', message = 'get_customer: give exactly one of id, phone number, user id';
  end if;
  select * into v_customer from public.user_profiles
   where (p_id is not null and id = p_id)
      or (p_phone_number is not null and phone_number = p_phone_number)
      or (p_user_id is not null and wa_user_id = p_user_id);
  if not found then
    return null;
  end if;
  select coalesce(jsonb_agg(s.item order by s.last_message_at desc, s.id desc), '[]'::jsonb) into v_conversations
    from (
      select c.id, c.last_message_at, public.conversation_summary_json(c, v_customer, mem.last_intent) as item
        from public.conversations c
        left join public.conversation_memory mem on mem.conversation_id = c.id
       where c.customer_id = v_customer.id
       order by c.last_message_at desc, c.id desc
       limit 100
    ) s;
  select to_jsonb(mem) into v_memory
    from public.conversations c
    join public.conversation_memory mem on mem.conversation_id = c.id
   where c.customer_id = v_customer.id
   order by c.last_message_at desc, c.id desc
   limit 1;
  return jsonb_build_object('customer', to_jsonb(v_customer), 'conversations', v_conversations, 'memory', v_memory);
end
$$;

-- Everything about one person (a data subject's erasure request): memory, messages,
-- conversations, profile. Counts what it deleted.
create function public.erase_customer(p_customer_id uuid)
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

-- Retention: deletes up to batch_size rows per table older than the cutoff. Messages go
-- first; a conversation goes once none of its messages is left (so never one with newer
-- messages), with its memory; a customer goes once they have no conversation left and were
-- last seen before the cutoff. Rows another transaction holds are left for the next batch.
-- Call it until every count is 0. The cutoff may not be newer than 7 days: Meta retries a
-- webhook for up to 7 days, and the wamid dedupe must outlive that.
create function public.cleanup_old_data(p_older_than timestamptz, p_batch_size integer)
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

  return jsonb_build_object('messages', v_messages, 'conversations', v_conversations,
    'memories', v_memories, 'customers', v_customers);
end
$$;

create function public.db_stats()
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'customers', (select count(*) from public.user_profiles),
    'conversations', (
      select jsonb_build_object(
        'active', count(*) filter (where status = 'active'),
        'handoff', count(*) filter (where status = 'handoff'),
        'closed', count(*) filter (where status = 'closed'))
        from public.conversations),
    'messages', (
      select jsonb_build_object(
        'inbound', count(*) filter (where direction = 'inbound'),
        'outbound', count(*) filter (where direction = 'outbound'),
        'unanswered', count(*) filter (where direction = 'inbound' and status = 'received'),
        'failed', count(*) filter (where status = 'failed'))
        from public.messages),
    'oldest_message_at', (select min(created_at) from public.messages)
  )
$$;

-- The health check's round trip: proves the data API is reachable and migrated.
create function public.ping()
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object('at', now())
$$;

-- Scheduled jobs that must run on one instance at a time, for adapters that cannot hold a
-- session advisory lock (the Supabase REST gateway): a lease with an expiry.
create table public.job_locks (
  name text primary key,
  holder text not null,
  expires_at timestamptz not null
);
alter table public.job_locks enable row level security;
revoke all on table public.job_locks from public, anon, authenticated;
grant select, insert, update, delete on table public.job_locks to service_role;

create function public.try_acquire_job_lock(p_name text, p_holder text, p_ttl_seconds integer)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
begin
  if coalesce(p_name, '') = '' or coalesce(p_holder, '') = '' or p_ttl_seconds is null or p_ttl_seconds < 1 then
    raise exception using errcode = '22023', message = 'try_acquire_job_lock: name, holder and a ttl of at least 1 second are required';
  end if;
  insert into public.job_locks as l (name, holder, expires_at)
  values (p_name, p_holder, now() + make_interval(secs => p_ttl_seconds))
  on conflict (name) do update
     set holder = excluded.holder, expires_at = excluded.expires_at
   where l.expires_at <= now() or l.holder = excluded.holder;
  return jsonb_build_object('acquired', found);
end
$$;

create function public.release_job_lock(p_name text, p_holder text)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
begin
  delete from public.job_locks where name = p_name and holder = p_holder;
  return jsonb_build_object('released', found);
end
$$;

-- Only the app (service_role on Supabase; the owner elsewhere) may call the data API.
-- Postgres grants EXECUTE to PUBLIC by default, and Supabase to anon and authenticated.
do $grants$
declare
  v_function regprocedure;
begin
  for v_function in
    select p.oid::regprocedure from pg_proc p
     where p.pronamespace = 'public'::regnamespace
       and p.proname = any (array[
         'message_status_after', 'page_cursor', 'decode_page_cursor', 'conversation_summary_json',
         'record_inbound_message', 'update_message_status', 'claim_unanswered', 'mark_answered', 'release_claim',
         'find_unanswered_conversations', 'record_outbound_message', 'get_turn_context', 'save_memory',
         'set_conversation_status', 'remember_fact', 'set_opted_out', 'list_conversations',
         'get_conversation_messages', 'get_customer', 'erase_customer', 'cleanup_old_data', 'db_stats', 'ping',
         'try_acquire_job_lock', 'release_job_lock'
       ])
  loop
    execute format('revoke all on function %s from public, anon, authenticated', v_function);
    execute format('grant execute on function %s to service_role', v_function);
  end loop;
end
$grants$;
