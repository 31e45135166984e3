-- A turn whose assistant reads no earlier messages (the rule-based one) asks for its context
-- with p_message_limit 0: the conversation, customer and memory, and no history. Twenty
-- messages read, sent and parsed for nothing cost the api ≈ 0.5 ms of CPU per turn.
create or replace function public.claim_unanswered(
  p_conversation_id uuid,
  p_claim_token text,
  p_lease_seconds integer,
  p_max_age_seconds integer,
  p_quiet_ms integer default 0,
  p_max_wait_ms integer default null,
  p_message_limit integer default null
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_conversation public.conversations%rowtype;
  v_messages jsonb;
  v_newest timestamptz;
  v_oldest timestamptz;
  v_wait_until timestamptz;
begin
  if coalesce(p_claim_token, '') = '' then
    raise exception using errcode = '22023', message = 'claim_unanswered: claim_token is required';
  end if;
  if p_lease_seconds is null or p_lease_seconds < 1 or p_max_age_seconds is null or p_max_age_seconds < 0 then
    raise exception using errcode = '22023', message = 'claim_unanswered: lease_seconds must be at least 1 and max_age_seconds at least 0';
  end if;
  if coalesce(p_quiet_ms, 0) < 0 or coalesce(p_max_wait_ms, 0) < 0 then
    raise exception using errcode = '22023', message = 'claim_unanswered: quiet_ms and max_wait_ms must be at least 0';
  end if;
  if p_message_limit is not null and p_message_limit < 0 then
    raise exception using errcode = '22023', message = 'claim_unanswered: message_limit must be at least 0';
  end if;
  select * into v_conversation from public.conversations where id = p_conversation_id for update;
  if not found
     or (v_conversation.claim_token is not null and v_conversation.claim_expires_at > now()
         and v_conversation.claim_token <> p_claim_token) then
    return jsonb_build_object('claimed', false, 'messages', '[]'::jsonb);
  end if;
  if coalesce(p_quiet_ms, 0) > 0 then
    -- Arrival times here (the database's clock), not Meta's: the window is about when we got them.
    select max(m.created_at), min(m.created_at) into v_newest, v_oldest
      from public.messages m
     where m.conversation_id = p_conversation_id and m.direction = 'inbound' and m.status = 'received'
       and coalesce(m.sent_at, m.created_at) >= now() - make_interval(secs => p_max_age_seconds);
    if v_newest is not null then
      v_wait_until := v_newest + make_interval(secs => p_quiet_ms / 1000.0);
      if p_max_wait_ms is not null then
        v_wait_until := least(v_wait_until, v_oldest + make_interval(secs => p_max_wait_ms / 1000.0));
      end if;
      if v_wait_until > clock_timestamp() then
        return jsonb_build_object('claimed', false, 'messages', '[]'::jsonb, 'wait_until', v_wait_until);
      end if;
    end if;
  end if;
  update public.conversations
     set claim_token = p_claim_token, claim_expires_at = now() + make_interval(secs => p_lease_seconds)
   where id = p_conversation_id;
  select coalesce(jsonb_agg(to_jsonb(m) order by m.seq), '[]'::jsonb) into v_messages
    from public.messages m
   where m.conversation_id = p_conversation_id and m.direction = 'inbound' and m.status = 'received'
     and coalesce(m.sent_at, m.created_at) >= now() - make_interval(secs => p_max_age_seconds);
  if p_message_limit is null or jsonb_array_length(v_messages) = 0 then
    return jsonb_build_object('claimed', true, 'messages', v_messages);
  end if;
  return jsonb_build_object('claimed', true, 'messages', v_messages,
    'context', public.get_turn_context(p_conversation_id, p_message_limit));
end
$$;

comment on function public.claim_unanswered(uuid, text, integer, integer, integer, integer, integer) is
  'Claims a conversation''s unanswered inbound messages for one turn, unless another claim holds it or a newer message is still inside the quiet window (then wait_until says when); with message_limit, also the turn''s context with that many recent messages (0: none)';
