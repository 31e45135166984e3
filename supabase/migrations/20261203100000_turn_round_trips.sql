-- A turn's writes in fewer round trips (each costs the api ≈ 0.2 ms of CPU, bench/turns).
--
-- finish_outbound also says whether the conversation has another message queued (`more`): the
-- sender that just finished one goes on only then, instead of asking take_outbound once more
-- to hear "idle" after every reply.
create function public.outbound_queued(p_conversation_id uuid)
returns boolean
language sql
stable
set search_path = public, pg_temp
as $$
  select exists (
    select 1 from public.messages
     where conversation_id = p_conversation_id and direction = 'outbound' and status = 'queued'
  )
$$;

revoke all on function public.outbound_queued(uuid) from public, anon, authenticated;
grant execute on function public.outbound_queued(uuid) to service_role;

create or replace function public.finish_outbound(
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
    return jsonb_build_object('applied', false, 'status', coalesce(v_status, v_message.status),
      'more', public.outbound_queued(v_message.conversation_id));
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
  return jsonb_build_object('applied', true, 'status', v_status,
    'more', public.outbound_queued(v_message.conversation_id));
end
$$;

-- The end of a turn in one call and one transaction: its reply recorded in the outbox (when it
-- has one), the conversation's memory saved, the messages it answered marked and the claim
-- released. The same three functions a caller may use apart, so each keeps its own checks;
-- together, a turn is either wholly done or not at all (run again, it finds nothing recorded).
create function public.complete_turn(
  p_conversation_id uuid,
  p_claim_token text,
  p_message_ids uuid[],
  p_reply_key text,
  p_drafts jsonb,
  p_retry_window_seconds integer,
  p_last_intent text,
  p_context jsonb,
  p_facts jsonb
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_reply jsonb;
begin
  if p_drafts is not null then
    v_reply := public.enqueue_outbound(p_conversation_id, p_reply_key, p_drafts, p_retry_window_seconds);
  end if;
  return jsonb_build_object(
    'reply', v_reply,
    'memory', public.save_memory(p_conversation_id, null, null, p_facts, p_last_intent, p_context, null),
    'answered', public.mark_answered(p_conversation_id, p_claim_token, p_message_ids)
  );
end
$$;

revoke all on function public.complete_turn(uuid, text, uuid[], text, jsonb, integer, text, jsonb, jsonb)
  from public, anon, authenticated;
grant execute on function public.complete_turn(uuid, text, uuid[], text, jsonb, integer, text, jsonb, jsonb)
  to service_role;
