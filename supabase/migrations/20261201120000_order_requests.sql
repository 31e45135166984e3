-- Order requests: a customer tells the assistant they want a product (size, store or delivery,
-- quantity) and confirms. The request is recorded here with the unit prices quoted in that
-- turn, the conversation is flagged for the shop's people, and they move it on from the admin
-- API: requested → confirmed | cancelled, confirmed → fulfilled | cancelled.
--
-- Same conventions as the data API: a bad argument raises 22023, a missing parent P0002, a
-- conflict with the data (a transition the order cannot make) 23505.

create type public.order_status as enum ('requested', 'confirmed', 'cancelled', 'fulfilled');

-- "The conversation is flagged for staff": set when an order request is recorded, cleared once
-- none of the conversation's requests waits for the shop. The partial index keeps the admin's
-- "needs attention" list cheap; the flag never changes when a message arrives, so the
-- conversation's per-message update stays heap-only.
alter table public.conversations add column needs_attention boolean not null default false;
create index conversations_needing_attention on public.conversations (id) where needs_attention;

create table public.order_requests (
  id uuid primary key default gen_random_uuid(),
  -- The caller's idempotency key (a turn's key): the same request twice is stored once.
  request_key text not null,
  customer_id uuid not null references public.user_profiles (id) on delete cascade,
  -- Orders go with their conversation: retention and erasure delete them with it.
  conversation_id uuid not null references public.conversations (id) on delete cascade,
  status public.order_status not null default 'requested',
  -- [{ sku, name, color, size, quantity, unit_price ("1299.00"), currency }]
  items jsonb not null,
  -- { kind: 'pickup', store_id, store_name } | { kind: 'delivery', address }
  fulfilment jsonb not null,
  subtotal numeric(12, 2) not null,
  shipping numeric(12, 2) not null default 0,
  total numeric(12, 2) not null,
  currency text not null,
  -- The inventory's hold on the stock, when it offers one: { id, expires_at }.
  reservation jsonb,
  -- The shop's own note (never sent to the customer).
  note text,
  -- [{ status, at, note }], oldest first.
  status_history jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint order_requests_key unique (request_key),
  constraint order_requests_items check (jsonb_typeof(items) = 'array' and jsonb_array_length(items) > 0),
  constraint order_requests_fulfilment check (jsonb_typeof(fulfilment) = 'object'),
  constraint order_requests_amounts check (subtotal >= 0 and shipping >= 0 and total = subtotal + shipping)
);
create index order_requests_by_created_at on public.order_requests (created_at desc, id desc);
create index order_requests_by_status on public.order_requests (status, created_at desc, id desc);
create index order_requests_by_customer on public.order_requests (customer_id, created_at desc, id desc);
create index order_requests_by_conversation on public.order_requests (conversation_id);

alter table public.order_requests enable row level security;
revoke all on table public.order_requests from public, anon, authenticated;
grant select, insert, update, delete on table public.order_requests to service_role;

-- An order as the data API answers it: amounts as exact decimal strings ("1299.00", never a
-- JSON number a client would read as a float), and who it is for.
create function public.order_request_json(p_order public.order_requests, p_customer public.user_profiles)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select (to_jsonb(p_order) - 'request_key') || jsonb_build_object(
    'subtotal', (p_order).subtotal::text,
    'shipping', (p_order).shipping::text,
    'total', (p_order).total::text,
    'customer', jsonb_build_object(
      'id', (p_customer).id,
      'phone_number', (p_customer).phone_number,
      'wa_user_id', (p_customer).wa_user_id,
      'display_name', (p_customer).display_name,
      'language', (p_customer).language
    )
  )
$$;

-- A decimal amount as the inventory quotes it ("1299", "1299.5", "1299.00"), or null when it is not one.
create function public.decimal_amount(p_value jsonb)
returns numeric
language sql
immutable
set search_path = ''
as $$
  select case
    when jsonb_typeof(p_value) = 'string' and (p_value #>> '{}') ~ '^\d{1,10}(\.\d{1,2})?$'
      then (p_value #>> '{}')::numeric(12, 2)
  end
$$;

-- Records an order request once per key, flags its conversation for the shop, and answers
-- { is_new, order }. The same key again stores nothing and answers the first request (even
-- with other arguments: a turn run twice quotes what it quoted the first time).
-- p_items: [{ sku, name, color?, size?, quantity, unit_price: "1299.00", currency }]
-- p_fulfilment: { kind: 'pickup', store_id, store_name } | { kind: 'delivery', address? }
-- p_shipping: a decimal string, or null for none. p_reservation: null or { id, expires_at }.
create function public.create_order_request(
  p_key text,
  p_conversation_id uuid,
  p_items jsonb,
  p_fulfilment jsonb,
  p_shipping text,
  p_reservation jsonb
)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_conversation public.conversations%rowtype;
  v_existing public.order_requests%rowtype;
  v_order public.order_requests%rowtype;
  v_customer public.user_profiles%rowtype;
  v_item jsonb;
  v_index bigint;
  v_items jsonb := '[]'::jsonb;
  v_quantity numeric;
  v_price numeric;
  v_currency text;
  v_subtotal numeric := 0;
  v_shipping numeric;
  v_fulfilment jsonb;
  v_reservation jsonb;
  v_expires_at timestamptz;
begin
  if coalesce(p_key, '') = '' or length(p_key) > 500 then
    raise exception using errcode = '22023', message = 'create_order_request: key must be 1 to 500 characters';
  end if;
  if p_items is null or jsonb_typeof(p_items) <> 'array' or jsonb_array_length(p_items) = 0
     or jsonb_array_length(p_items) > 50 then
    raise exception using errcode = '22023', message = 'create_order_request: items must be an array of 1 to 50 items';
  end if;
  for v_item, v_index in select e.value, e.ordinality from jsonb_array_elements(p_items) with ordinality e loop
    if jsonb_typeof(v_item) <> 'object'
       or coalesce(btrim(v_item ->> 'sku'), '') = '' or length(v_item ->> 'sku') > 64
       or coalesce(btrim(v_item ->> 'name'), '') = '' or length(v_item ->> 'name') > 200
       or length(coalesce(v_item ->> 'color', '')) > 100 or length(coalesce(v_item ->> 'size', '')) > 40 then
      raise exception using errcode = '22023',
        message = format('create_order_request: item %s needs a sku (up to 64 characters) and a name (up to 200)', v_index);
    end if;
    v_quantity := case when jsonb_typeof(v_item -> 'quantity') = 'number' then (v_item ->> 'quantity')::numeric end;
    if v_quantity is null or v_quantity <> trunc(v_quantity) or v_quantity < 1 or v_quantity > 1000 then
      raise exception using errcode = '22023',
        message = format('create_order_request: item %s: quantity must be a whole number from 1 to 1000', v_index);
    end if;
    v_price := public.decimal_amount(v_item -> 'unit_price');
    if v_price is null then
      raise exception using errcode = '22023',
        message = format('create_order_request: item %s: unit_price must be a decimal string such as "1299.00"', v_index);
    end if;
    if coalesce(v_item ->> 'currency', '') !~ '^[A-Z]{3}$' then
      raise exception using errcode = '22023',
        message = format('create_order_request: item %s: currency must be an ISO 4217 code such as MXN', v_index);
    end if;
    if v_currency is not null and v_currency <> v_item ->> 'currency' then
      raise exception using errcode = '22023', message = 'create_order_request: every item must be in the same currency';
    end if;
    v_currency := v_item ->> 'currency';
    v_subtotal := v_subtotal + v_quantity * v_price;
    if v_subtotal >= 1e10 then
      raise exception using errcode = '22023', message = 'create_order_request: the total is too large';
    end if;
    v_items := v_items || jsonb_build_array(jsonb_build_object(
      'sku', btrim(v_item ->> 'sku'),
      'name', btrim(v_item ->> 'name'),
      'color', nullif(btrim(v_item ->> 'color'), ''),
      'size', nullif(btrim(v_item ->> 'size'), ''),
      'quantity', v_quantity::integer,
      'unit_price', v_price::text,
      'currency', v_currency));
  end loop;

  if p_shipping is null then
    v_shipping := 0;
  else
    v_shipping := public.decimal_amount(to_jsonb(p_shipping));
    if v_shipping is null then
      raise exception using errcode = '22023', message = 'create_order_request: shipping must be a decimal string such as "99.00"';
    end if;
  end if;
  if v_subtotal + v_shipping >= 1e10 then
    raise exception using errcode = '22023', message = 'create_order_request: the total is too large';
  end if;

  if p_fulfilment is null or jsonb_typeof(p_fulfilment) <> 'object' then
    raise exception using errcode = '22023', message = 'create_order_request: fulfilment must be an object';
  end if;
  case p_fulfilment ->> 'kind'
    when 'pickup' then
      if coalesce(btrim(p_fulfilment ->> 'store_id'), '') = '' or coalesce(btrim(p_fulfilment ->> 'store_name'), '') = ''
         or length(p_fulfilment ->> 'store_id') > 64 or length(p_fulfilment ->> 'store_name') > 200 then
        raise exception using errcode = '22023', message = 'create_order_request: a pickup needs store_id and store_name';
      end if;
      v_fulfilment := jsonb_build_object('kind', 'pickup', 'store_id', btrim(p_fulfilment ->> 'store_id'),
        'store_name', btrim(p_fulfilment ->> 'store_name'));
    when 'delivery' then
      if length(coalesce(p_fulfilment ->> 'address', '')) > 500 then
        raise exception using errcode = '22023', message = 'create_order_request: address must be at most 500 characters';
      end if;
      v_fulfilment := jsonb_build_object('kind', 'delivery', 'address', nullif(btrim(p_fulfilment ->> 'address'), ''));
    else
      raise exception using errcode = '22023', message = 'create_order_request: fulfilment kind must be pickup or delivery';
  end case;

  if p_reservation is not null and p_reservation <> 'null'::jsonb then
    begin
      v_expires_at := (p_reservation ->> 'expires_at')::timestamptz;
    exception when others then
      v_expires_at := null;
    end;
    if jsonb_typeof(p_reservation) <> 'object' or coalesce(p_reservation ->> 'id', '') = ''
       or length(p_reservation ->> 'id') > 200 or v_expires_at is null then
      raise exception using errcode = '22023', message = 'create_order_request: reservation must be null or { id, expires_at }';
    end if;
    v_reservation := jsonb_build_object('id', p_reservation ->> 'id', 'expires_at', v_expires_at);
  end if;

  -- One request of a conversation at a time: the same key sent twice at once is stored once.
  select * into v_conversation from public.conversations where id = p_conversation_id for update;
  if not found then
    raise exception using errcode = 'P0002', message = format('create_order_request: no conversation %s', p_conversation_id);
  end if;
  select * into v_customer from public.user_profiles where id = v_conversation.customer_id;

  select * into v_existing from public.order_requests where request_key = p_key;
  if found then
    if v_existing.conversation_id <> p_conversation_id then
      raise exception using errcode = '22023',
        message = format('create_order_request: key %L belongs to another conversation', p_key);
    end if;
    return jsonb_build_object('is_new', false, 'order', public.order_request_json(v_existing, v_customer));
  end if;

  insert into public.order_requests (request_key, customer_id, conversation_id, status, items, fulfilment,
    subtotal, shipping, total, currency, reservation, status_history)
  values (p_key, v_conversation.customer_id, p_conversation_id, 'requested', v_items, v_fulfilment,
    v_subtotal, v_shipping, v_subtotal + v_shipping, v_currency, v_reservation,
    jsonb_build_array(jsonb_build_object('status', 'requested', 'at', now(), 'note', null)))
  on conflict (request_key) do nothing
  returning * into v_order;
  if v_order.id is null then
    -- The same key, recorded meanwhile for another conversation.
    raise exception using errcode = '22023',
      message = format('create_order_request: key %L belongs to another conversation', p_key);
  end if;
  update public.conversations set needs_attention = true where id = p_conversation_id and not needs_attention;
  return jsonb_build_object('is_new', true, 'order', public.order_request_json(v_order, v_customer));
end
$$;

-- One order with who it is for; null for an unknown id.
create function public.get_order_request(p_order_id uuid)
returns jsonb
language sql
stable
set search_path = public, pg_temp
as $$
  select public.order_request_json(o, u)
    from public.order_requests o
    join public.user_profiles u on u.id = o.customer_id
   where o.id = p_order_id
$$;

-- Orders, newest first, optionally of one status and/or one customer; keyset pagination on
-- (created_at, id) with the same opaque cursors as the other lists.
create function public.list_order_requests(p_status text, p_customer_id uuid, p_cursor text, p_limit integer)
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
    raise exception using errcode = '22023', message = 'list_order_requests: limit must be from 1 to 200';
  end if;
  if p_status is not null and p_status not in ('requested', 'confirmed', 'cancelled', 'fulfilled') then
    raise exception using errcode = '22023',
      message = format('list_order_requests: status must be requested, confirmed, cancelled or fulfilled, not %L', p_status);
  end if;
  if p_cursor is not null then
    select cursor_at, cursor_id into v_after_at, v_after_id from public.decode_page_cursor(p_cursor);
  end if;
  select coalesce(jsonb_agg(p.item order by p.rn) filter (where p.rn <= p_limit), '[]'::jsonb),
         max(p.cursor) filter (where p.rn = p_limit and p.total > p_limit)
    into v_items, v_next
    from (
      select row_number() over (order by o.created_at desc, o.id desc) as rn,
             count(*) over () as total,
             public.order_request_json(o, u) as item,
             public.page_cursor(o.created_at, o.id) as cursor
        from public.order_requests o
        join public.user_profiles u on u.id = o.customer_id
       where (p_status is null or o.status = p_status::public.order_status)
         and (p_customer_id is null or o.customer_id = p_customer_id)
         and (p_cursor is null or (o.created_at, o.id) < (v_after_at, v_after_id))
       order by o.created_at desc, o.id desc
       limit p_limit + 1
    ) p;
  return jsonb_build_object('items', v_items, 'next_cursor', v_next);
end
$$;

-- Moves an order on: requested → confirmed | cancelled, confirmed → fulfilled | cancelled.
-- The status it already has changes nothing (changed = false: a repeated request). Any other
-- move is a conflict (23505). Null for an unknown id. Answers the order and where to tell
-- the customer: their latest conversation on the same business number (the order's own,
-- unless they wrote again since and a new one opened), its 24-hour window, their opt-out.
create function public.set_order_status(p_order_id uuid, p_status text, p_note text)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_order public.order_requests%rowtype;
  v_customer public.user_profiles%rowtype;
  v_conversation public.conversations%rowtype;
  v_target public.conversations%rowtype;
  v_changed boolean := false;
  v_note text := nullif(btrim(p_note), '');
begin
  if p_status is null or p_status not in ('requested', 'confirmed', 'cancelled', 'fulfilled') then
    raise exception using errcode = '22023',
      message = format('set_order_status: status must be confirmed, cancelled or fulfilled, not %L', p_status);
  end if;
  if length(v_note) > 2000 then
    raise exception using errcode = '22023', message = 'set_order_status: note must be at most 2000 characters';
  end if;
  select * into v_order from public.order_requests where id = p_order_id for update;
  if not found then
    return null;
  end if;
  if v_order.status::text <> p_status then
    if not ((v_order.status = 'requested' and p_status in ('confirmed', 'cancelled'))
            or (v_order.status = 'confirmed' and p_status in ('fulfilled', 'cancelled'))) then
      raise exception using errcode = '23505',
        message = format('set_order_status: a %s order cannot become %s (requested → confirmed or cancelled; confirmed → fulfilled or cancelled)',
          v_order.status, p_status);
    end if;
    update public.order_requests
       set status = p_status::public.order_status,
           note = coalesce(v_note, note),
           updated_at = now(),
           status_history = status_history || jsonb_build_array(
             jsonb_build_object('status', p_status, 'at', now(), 'note', v_note))
     where id = p_order_id
    returning * into v_order;
    v_changed := true;
    -- The shop has seen to it once none of the conversation's requests waits.
    update public.conversations c
       set needs_attention = false
     where c.id = v_order.conversation_id and c.needs_attention
       and not exists (select 1 from public.order_requests o
                        where o.conversation_id = c.id and o.status = 'requested');
  end if;
  select * into v_customer from public.user_profiles where id = v_order.customer_id;
  select * into v_conversation from public.conversations where id = v_order.conversation_id;
  select * into v_target from public.conversations
   where customer_id = v_order.customer_id and phone_number_id = v_conversation.phone_number_id
   order by last_message_at desc, id desc
   limit 1;
  return jsonb_build_object(
    'changed', v_changed,
    'order', public.order_request_json(v_order, v_customer),
    'recipient', jsonb_build_object(
      'conversation_id', v_target.id,
      'to', coalesce(v_customer.phone_number, v_customer.wa_user_id),
      'phone_number_id', v_target.phone_number_id,
      'last_inbound_at', v_target.last_inbound_at,
      'opted_out', v_customer.opted_out,
      'language', v_customer.language
    )
  );
end
$$;

-- Conversations, most recent activity first, optionally only those flagged for the shop
-- (p_attention = true) or not flagged (false). Replaces the three-argument version.
drop function public.list_conversations(text, text, integer);
create function public.list_conversations(p_status text, p_attention boolean, p_cursor text, p_limit integer)
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
         and (p_attention is null or c.needs_attention = p_attention)
         and (p_cursor is null or (c.last_message_at, c.id) < (v_after_at, v_after_id))
       order by c.last_message_at desc, c.id desc
       limit p_limit + 1
    ) p;
  return jsonb_build_object('items', v_items, 'next_cursor', v_next);
end
$$;

do $grants$
declare
  v_function regprocedure;
begin
  for v_function in
    select p.oid::regprocedure from pg_proc p
     where p.pronamespace = 'public'::regnamespace
       and p.proname = any (array[
         'order_request_json', 'decimal_amount', 'create_order_request', 'get_order_request',
         'list_order_requests', 'set_order_status', 'list_conversations'
       ])
  loop
    execute format('revoke all on function %s from public, anon, authenticated', v_function);
    execute format('grant execute on function %s to service_role', v_function);
  end loop;
end
$grants$;
