-- What customers ask of the shop about themselves, kept where the shop's people see it:
--   * "borren mi número", "delete my data": an erasure request. The assistant opts them out at
--     once; the data stays until a person at the shop erases it (DELETE /admin/customers/{id},
--     erase_customer). Nothing is erased automatically: the shop may have to keep an order or
--     an invoice, and a person decides.
--   * a new conversation (the last one closed after CONVERSATION_IDLE_HOURS, or by the shop)
--     still knows what was shown in the previous one: "¿y en café?" the next morning.
--
-- Same conventions as the data API: null for an unknown id, nothing else to refuse.

-- When the customer first asked; asking again keeps the first time. The row goes with the
-- erasure itself, so a pending request is one with this set.
alter table public.user_profiles add column erasure_requested_at timestamptz;
comment on column public.user_profiles.erasure_requested_at is
  'When the customer asked the shop to delete their number and data (a person at the shop erases it)';

-- Records a customer's erasure request (idempotent: the first request's time stays). The
-- profile as it stands after; null for an unknown id.
create function public.request_erasure(p_customer_id uuid)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_customer public.user_profiles%rowtype;
begin
  update public.user_profiles
     set erasure_requested_at = coalesce(erasure_requested_at, now())
   where id = p_customer_id
  returning * into v_customer;
  if not found then
    return null;
  end if;
  return to_jsonb(v_customer);
end
$$;

-- The memory of the customer's latest earlier conversation on the same business number that
-- kept one, or null. Cheap: a customer's conversations are few, and indexed by customer.
create function public.get_previous_memory(p_conversation_id uuid)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select to_jsonb(mem)
    from public.conversations c
    join public.conversations p
      on p.customer_id = c.customer_id and p.phone_number_id = c.phone_number_id and p.id <> c.id
         and p.started_at <= c.started_at
    join public.conversation_memory mem on mem.conversation_id = p.id
   where c.id = p_conversation_id
   order by p.last_message_at desc, p.id desc
   limit 1
$$;

comment on function public.request_erasure(uuid) is
  'Records an erasure request (the first time stays); erases nothing: the shop calls erase_customer';
comment on function public.get_previous_memory(uuid) is
  'Memory of the customer''s latest earlier conversation on the same number that kept one';

do $grants$
declare
  v_function regprocedure;
begin
  for v_function in
    select p.oid::regprocedure from pg_proc p
     where p.pronamespace = 'public'::regnamespace
       and p.proname = any (array['request_erasure', 'get_previous_memory'])
  loop
    execute format('revoke all on function %s from public, anon, authenticated', v_function);
    execute format('grant execute on function %s to service_role', v_function);
  end loop;
end
$grants$;
