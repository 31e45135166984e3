import type { CommandIntent, ComplaintReason } from './detection.js';

/**
 * Explicit commands. They decide what the shop may send at all (opt-out silences a
 * customer, handoff silences the bot), so they fire only on an unmistakable command: a
 * single command word as the whole message (politeness aside), or a phrase that means the
 * command and nothing else. "¿Tienen botas de alta calidad?" is not opt-in; "tenis de caña
 * baja" is not opt-out.
 */

/** Words that may surround a one-word command without making it something else. */
const COURTESY = new Set(
  'porfa porfavor por favor plis pls please xfa ya ok va gracias thanks thank you oye hey hola buenas a al un una con el la me now just'.split(
    ' ',
  ),
);

const WHOLE_MESSAGE: ReadonlyArray<readonly [Exclude<CommandIntent, 'complaint'>, ReadonlySet<string>]> = [
  ['opt_out', new Set(['stop', 'stopp', 'baja', 'unsubscribe', 'unsuscribe', 'desuscribir', 'desuscribirme'])],
  ['opt_in', new Set(['start', 'alta', 'subscribe', 'suscribir', 'suscribirme', 'unstop', 'reanudar', 'resume'])],
  [
    'human_agent',
    new Set([
      'agente',
      'agentes',
      'humano',
      'humana',
      'asesor',
      'asesora',
      'asesores',
      'persona',
      'operador',
      'operadora',
      'representante',
      'ejecutivo',
      'ejecutiva',
      'vendedor',
      'vendedora',
      'agent',
      'human',
      'person',
      'representative',
      'operator',
      'rep',
    ]),
  ],
];

const NEGATED = String.raw`(?:ya\s+)?no\s+`;
const PEOPLE = String.raw`(?:una?\s+|el\s+|la\s+|algun\s+|alguna\s+)?(?:persona(?:\s+real)?|ser\s+humano|humano|humana|agente|asesor|asesora|operador|operadora|vendedor|vendedora|encargado|encargada|gerente|supervisor|supervisora|jefe|jefa|responsable|representante|ejecutivo|ejecutiva|alguien(?:\s+real)?)`;
const PEOPLE_EN = String.raw`(?:a\s+|an\s+|some\s+|the\s+|your\s+)?(?:real\s+|live\s+)?(?:human(?:\s+being)?|person|agent|representative|rep|operator|someone|somebody|manager|supervisor|salesperson|people)`;

const PHRASES: ReadonlyArray<readonly [Exclude<CommandIntent, 'complaint'>, RegExp]> = [
  [
    'opt_out',
    new RegExp(
      [
        String.raw`\bno\s+me\s+(?:vuelvan\s+a\s+|sigan\s+|vuelvas\s+a\s+)?(?:escriban|escribas|escribir|contacten|contactes|molesten|molestes)\b`,
        // "no me manden los negros" changes an order; "no me manden nada/mensajes/más" is an opt-out.
        String.raw`\bno\s+me\s+(?:vuelvan\s+a\s+|sigan\s+|vuelvas\s+a\s+)?(?:manden|mandes|mandar|envien|envies|enviar)\s+(?:mas\s+)?(?:nada|mensajes|promociones|publicidad|ofertas|informacion|spam|whats|mas\s*$|$)`,
        String.raw`\b${NEGATED}(?:quiero|deseo)\s+(?:recibir\s+|que\s+me\s+manden\s+|que\s+me\s+envien\s+)?(?:mas\s+|sus\s+|los\s+|tus\s+)?(?:mensajes|notificaciones|promociones|publicidad|spam|whats|whatsapps|textos)\b`,
        String.raw`\bdej(?:en|a|e)\s+de\s+(?:escribirme|mandarme|enviarme|molestarme|molestar|contactarme|mandar\s+mensajes|enviar\s+mensajes|escribir|spamear)\b`,
        String.raw`\b(?:dar|darme|dame|denme|deme|darse|quiero\s+darme)\s+de\s+baja\b`,
        String.raw`\b(?:cancelar|cancela|cancelen|quitar|quitenme|quitame|borrenme|sacarme|sacame|saquenme)\s+(?:mi\s+|la\s+|de\s+la\s+|de\s+)?(?:suscripcion|lista)\b`,
        String.raw`\bunsubscribe\b`,
        String.raw`\bstop\s+(?:sending|texting|messaging|messages|writing|contacting)\b`,
        String.raw`\b(?:don'?t|do\s+not|never)\s+(?:text|message|contact|write(?:\s+to)?|send\s+me)\s*me\b`,
        String.raw`\bno\s+more\s+(?:messages|texts|promos|promotions)\b`,
        String.raw`\b(?:don'?t|do\s+not)\s+want\s+(?:to\s+(?:receive|get)\s+)?(?:any\s+more\s+|more\s+|your\s+|any\s+)?(?:messages|texts|promos|promotions)\b`,
        String.raw`\bopt\s*-?\s*out\b`,
        String.raw`\bremove\s+me\s+from\b`,
      ].join('|'),
    ),
  ],
  [
    'opt_in',
    new RegExp(
      [
        String.raw`(?<!\bno\s)\b(?:quiero|deseo)\s+(?:volver\s+a\s+)?recibir\s+(?:de\s+nuevo\s+)?(?:sus\s+|los\s+|tus\s+)?(?:mensajes|notificaciones|promociones|ofertas)\b`,
        String.raw`\b(?:vuelvan|vuelve|pueden\s+volver|puedes\s+volver)\s+a\s+(?:escribirme|mandarme|enviarme|contactarme)\b`,
        String.raw`\b(?:pueden|puedes|puede)\s+(?:escribirme|mandarme\s+mensajes|enviarme\s+mensajes|contactarme)\s+(?:otra\s+vez|de\s+nuevo|nuevamente)\b`,
        String.raw`(?<!\bnot\s)(?<!\bn't\s)\b(?:want|like)\s+to\s+(?:receive|get)\s+(?:your\s+|the\s+)?(?:messages|texts|promos|promotions|offers)\b`,
        String.raw`\b(?:dar|darme|dame|denme|deme|darse|quiero\s+darme)\s+de\s+alta\b`,
        String.raw`\b(?:reactivar|reactiva|reactiven|activar|activen)\s+(?:los\s+|mis\s+)?(?:mensajes|notificaciones)\b`,
        String.raw`\b(?:start|resume)\s+(?:sending|messages|texting|messaging)\b`,
        String.raw`\bsend\s+me\s+(?:messages|texts|promos)\s+again\b`,
        String.raw`\bopt\s*-?\s*in\b`,
        String.raw`\b(?:subscribe|resubscribe)\s+me\b`,
      ].join('|'),
    ),
  ],
  [
    'human_agent',
    new RegExp(
      [
        String.raw`\b(?:hablar|platicar|comunicarme|comunicar|comunicas|comunica|comuniques|comunican|comuniquen|comuniqueme|contactar|chatear|atender|atienda|atiende|pasar|pasame|pasas|pasa|pase|pasan|pasen|paseme|pasenme|conectar|conectame|conectas)\s+(?:me\s+)?(?:con\s+|a\s+)?${PEOPLE}\b`,
        String.raw`\b(?:quiero|necesito|ocupo|busco|quisiera|puedo)\s+(?:hablar\s+con\s+)?(?:una?\s+|el\s+|la\s+)(?:persona|humano|agente|asesor|asesora|operador|operadora|representante|ejecutivo|ejecutiva)\b`,
        // "¿hay algún asesor disponible?", not "hay una persona que me dijo que tienen botas".
        String.raw`\b(?:hay|habra|esta|tienen)\s+(?:algun|alguna|un|una)\s+(?:asesor|asesora|agente|humano|persona|operador|operadora|vendedor|vendedora|encargado|encargada|representante|ejecutivo|ejecutiva)(?:\s+(?:disponible|libre|en\s+linea|que\s+me\s+(?:atienda|ayude|pueda)|para\s+atenderme|con\s+quien\s+hablar))?\s*$`,
        String.raw`\b(?:persona|humano)\s+real\b`,
        String.raw`\b(?:ayuda|atencion)\s+(?:de|con)\s+(?:una?\s+)?(?:persona|humano|asesor|asesora|agente)\b`,
        String.raw`\bque\s+me\s+(?:llame|llamen|atienda|atiendan|hable|contacte|marque|escriba)\s+(?:una?\s+|el\s+|la\s+)?(?:persona|humano|asesor|asesora|agente|vendedor|vendedora|encargado|encargada|gerente)\b`,
        String.raw`\bno\s+(?:quiero|deseo)\s+(?:hablar|platicar|chatear)\s+con\s+(?:un\s+|una\s+|el\s+)?(?:bot|robot|maquina|contestadora)\b`,
        String.raw`\b(?:don'?t|do\s+not)\s+want\s+(?:to\s+(?:talk|speak|chat)\s+(?:to|with)\s+)?(?:a\s+)?(?:bot|robot|machine)\b`,
        String.raw`\bser\s+humano\b`,
        String.raw`\b(?:me\s+)?(?:atiende|atienda|responde|conteste)\s+(?:una?\s+)?(?:persona|humano|asesor|asesora|alguien)\b`,
        String.raw`\b(?:talk|speak|chat)\s+(?:to|with)\s+${PEOPLE_EN}\b`,
        String.raw`\b(?:real|live)\s+(?:person|human|agent)\b`,
        String.raw`\bhuman\s+(?:agent|being|please)\b`,
        String.raw`\b(?:transfer|connect|put)\s+me\s+(?:to|with|through\s+to)\s+${PEOPLE_EN}\b`,
        String.raw`\b(?:i\s+)?(?:want|need)\s+(?:a|an)\s+(?:human|person|agent|representative)\b`,
      ].join('|'),
    ),
  ],
];

/**
 * Asking the shop to delete the customer's number or data is an opt-out and more: the shop is
 * told, and a person decides (nothing is erased automatically). "Borra el segundo" or "cambia
 * mi número" are not.
 */
const ERASURE = new RegExp(
  [
    String.raw`\b(?:borr|elimin|quit|sac|desaparec)(?:en|a|e|ar|as|es)\s+(?:todos\s+)?(?:mi|mis|el|los)\s+(?:numero|numeros|datos|telefono|cel|celular|contacto|informacion|info|registro|cuenta|whats|whatsapp|datos\s+personales)\b`,
    String.raw`\b(?:borr|elimin|sac|quit)(?:enme|ame|eme|arme)\s+(?:de\s+)?(?:su|sus|la|las|tu|tus)\s+(?:base|bases|lista|listas|sistema|registros?|contactos|bd)\b`,
    String.raw`\bno\s+(?:quiero|deseo)\s+que\s+(?:tengan|guarden|usen|conserven)\s+(?:mi|mis)\s+(?:numero|datos|informacion|telefono)\b`,
    String.raw`\bderechos?\s+arco\b`,
    String.raw`\b(?:delete|erase|remove|wipe)\s+(?:all\s+)?(?:of\s+)?my\s+(?:phone\s+)?(?:number|data|info|information|details|account|contact|personal\s+data|records?)\b`,
    String.raw`\b(?:delete|erase)\s+me\s+from\b`,
    String.raw`\bforget\s+(?:me|my\s+(?:number|data))\b`,
  ].join('|'),
);

const ORDER_ES = String.raw`(?:pedido|pedidos|paquete|paquetes|envio|orden|compra|producto|productos)`;
const ORDER_EN = String.raw`(?:order|package|parcel|delivery|shipment|stuff|purchase)`;
const DAMAGE_ES = String.raw`(?:rot[oa]s?|danad[oa]s?|defectuos[oa]s?|manchad[oa]s?|descosid[oa]s?|despegad[oa]s?|rasgad[oa]s?|rayad[oa]s?|suci[oa]s?|usad[oa]s?|golpead[oa]s?|aplastad[oa]s?|maltratad[oa]s?|incomplet[oa]s?|mal)`;
const ARRIVED_ES = String.raw`(?:me\s+|nos\s+)?(?:llego|llegaron|vino|vinieron|entregaron|mandaron|enviaron)`;

/**
 * After-sale complaints and frustration, most specific first: "mi pedido nunca llegó y son
 * unos rateros" is about the delivery. They hand the conversation to a person, so they fire
 * on the customer's own trouble, never on a question before buying: "¿cuándo llega mi pedido
 * si compro hoy?" is shipping information, "¿hacen reembolsos?" the returns policy.
 */
const COMPLAINTS: ReadonlyArray<readonly [ComplaintReason, RegExp]> = [
  [
    'delivery',
    new RegExp(
      [
        String.raw`\b(?:mi|el|la|mis|los|las)\s+${ORDER_ES}\s+(?:(?:aun|todavia|ya)\s+)?(?:no|nunca|jamas)\s+(?:me\s+|nos\s+)?(?:ha\s+|han\s+|a\s+)?(?:llegado|llego|llegaron|llega|llegan|vino|vinieron|entregado|entregaron)\b`,
        String.raw`\b(?:no|nunca|jamas)\s+(?:me\s+|nos\s+)?(?:ha\s+|han\s+|a\s+)?(?:llegado|llego|llegaron)\s+(?:(?:mi|el|la|mis|los|las)\s+${ORDER_ES}|nada)\b`,
        String.raw`\b(?:repartidor|repartidora|paqueteria|mensajero|chofer|paquetero)\s+(?:(?:nunca|no|jamas)\s+(?:llego|vino|paso|aparecio|entrego|se\s+presento)|(?:se\s+)?(?:perdio|robo|quedo))\b`,
        String.raw`\bdonde\s+(?:esta|quedo|anda|va|viene)\s+mi\s+${ORDER_ES}\b`,
        String.raw`\b(?:sigo|seguimos|llevo|tengo)\s+(?:\w+\s+){0,3}esperando\s+(?:mi|el|la)\s+${ORDER_ES}\b`,
        String.raw`\b${ORDER_ES}\s+(?:viene\s+|va\s+|esta\s+|llego\s+)?(?:retrasado|atrasado|perdido|extraviado)\b`,
        String.raw`\b(?:se\s+)?(?:perdieron|perdio|extraviaron|extravio)\s+(?:mi|el)\s+${ORDER_ES}\b`,
        String.raw`\bwhere(?:'s|\s+is)\s+my\s+${ORDER_EN}\b`,
        String.raw`\bmy\s+${ORDER_EN}\s+(?:still\s+)?(?:(?:has|have|did|does|is)(?:n't|\s+not)\s+(?:arrive|arrived|come|came|shown\s+up|show\s+up|here)|never\s+(?:arrived|came|showed\s+up)|is\s+(?:late|delayed|missing|lost))\b`,
        String.raw`\b(?:still\s+waiting\s+(?:for|on)|never\s+(?:got|received)|did(?:n't|\s+not)\s+(?:get|receive))\s+my\s+${ORDER_EN}\b`,
        String.raw`\b(?:driver|courier|delivery\s+guy|delivery\s+man)\s+never\s+(?:came|showed\s+up|arrived|delivered)\b`,
      ].join('|'),
    ),
  ],
  [
    'damaged',
    new RegExp(
      [
        String.raw`\b${ARRIVED_ES}\s+(?:(?:todo|toda|todos|todas|bien|muy|medio)\s+)?${DAMAGE_ES}\b`,
        String.raw`\b(?:esta|estan|salio|salieron|venia|venian)\s+(?:(?:todo|toda|todos|todas|bien|muy)\s+)?(?:rot[oa]s?|danad[oa]s?|defectuos[oa]s?)\b`,
        String.raw`\bse\s+(?:le\s+|les\s+|me\s+)?(?:rompio|rompieron|despego|despegaron|descosio|descosieron|decoloro|decoloraron|desbarato|desbarataron|rasgo|rasgaron|destino|destineron|zafo|zafaron)\b`,
        String.raw`\b(?:arrived|came|is|are|was|were)\s+(?:all\s+)?(?:broken|damaged|defective|torn|ripped|stained|dirty|used)\b`,
        String.raw`\b(?:it|they|the\s+sole|sole)\s+(?:broke|fell\s+apart|came\s+apart|came\s+off|ripped|tore)\b`,
      ].join('|'),
    ),
  ],
  [
    'wrong_item',
    new RegExp(
      [
        String.raw`\b${ARRIVED_ES}\s+(?:(?:una?|el|la|los|las)\s+)?(?:otr[oa]s?\s+(?:talla|color|modelo|numero|producto|cosa|par)|(?:talla|color|modelo|numero|producto|par)\s+(?:equivocad[oa]|incorrect[oa]|diferente|distint[oa])|equivocad[oa]s?|incorrect[oa]s?)\b`,
        String.raw`\bno\s+(?:es|son)\s+(?:lo|el|la|los|las)\s+que\s+(?:pedi|compre|ordene|encargue)\b`,
        // "me llegó el pedido pero en otro color", "vinieron los tenis en otra talla".
        String.raw`\b${ARRIVED_ES}\s+(?:\w+\s+){0,4}(?:en|de)\s+(?:una?\s+|la\s+|el\s+)?(?:otr[oa]s?\s+(?:talla|color|modelo|numero|medida|par)|(?:talla|color|modelo|numero|medida)\s+(?:equivocad[oa]|incorrect[oa]|diferente|distint[oa]))\b`,
        // "pedí la 24 y me mandaron la 25", "pedí negros y llegaron cafés".
        String.raw`\b(?:yo\s+)?(?:pedi|compre|ordene|encargue)\s+(?:\w+\s+){1,4}(?:y|pero)\s+(?:me\s+|nos\s+)?(?:mandaron|enviaron|llego|llegaron|vino|vinieron|entregaron|dieron)\b`,
        // The other way round: "me mandaron la negra y yo la pedí roja", "llegaron unos cafés pero pedí negros".
        String.raw`\b${ARRIVED_ES}\s+(?:\w+\s+){1,5}(?:y|pero|cuando|si)\s+(?:yo\s+)?(?:l[oa]s?\s+|me\s+)?(?:pedi|compre|ordene|encargue|habia\s+(?:pedido|comprado|ordenado|encargado))\b`,
        String.raw`\bi\s+(?:ordered|bought|asked\s+for|paid\s+for)\s+(?:\w+\s+){1,4}(?:and|but)\s+(?:you\s+|they\s+)?(?:sent|got|received|shipped|delivered|gave)\b`,
        String.raw`\b(?:you|they)\s+(?:sent|shipped|delivered|gave)\s+(?:me\s+)?(?:\w+\s+){1,5}(?:and|but|when)\s+i\s+(?:had\s+)?(?:ordered|bought|asked\s+for|paid\s+for)\b`,
        String.raw`\b(?:came|arrived|got\s+it)\s+(?:\w+\s+){0,3}in\s+(?:the\s+)?(?:wrong|another|a\s+different)\s+(?:size|colou?r|model)\b`,
        String.raw`\b(?:sent|got|received|shipped)\s+(?:me\s+)?(?:the\s+|a\s+)?wrong\b`,
        String.raw`\bnot\s+what\s+i\s+(?:ordered|bought|paid\s+for)\b`,
      ].join('|'),
    ),
  ],
  [
    // Missing pieces: the order arrived incomplete ("venía un solo tenis", "faltó una pieza").
    'wrong_item',
    new RegExp(
      [
        String.raw`\b(?:venia|venian|vino|vinieron|llego|llegaron|trajo|traia|traian|mandaron|enviaron|entregaron)\b(?:\s+\w+){0,4}\s+(?:un|una)\s+sol[oa]\b`,
        String.raw`\b(?:solo|nomas|solamente|nada\s+mas)\s+(?:me\s+|nos\s+)?(?:venia|vino|llego|llegaron|trajo|traia|mandaron|enviaron|entregaron)\s+(?:un|una|uno|1|la\s+mitad|medio)\b`,
        String.raw`\b(?:venia|vino|llego|trajo|traia|mandaron|enviaron)\s+(?:\w+\s+){0,2}(?:uno|una|1)\s+(?:nada\s+mas|nomas|nadamas)\b`,
        String.raw`\b(?:falto|faltaron|faltaba|faltaban)\s+(?:\w+\s+){0,2}(?:pieza|piezas|zapato|zapatos|tenis|bota|botas|articulo|articulos|producto|productos|prenda|prendas|par|pares|cosa|cosas|parte|partes|uno|una|otro|otra|otros|otras)\b`,
        String.raw`\b(?:falto|faltaron|faltaba|faltaban)\s+(?:\w+\s+){0,3}(?:en|de)\s+(?:mi|el|la)\s+(?:${ORDER_ES}|caja|bolsa)\b`,
        String.raw`\b(?:${ORDER_ES}|caja)\s+(?:\w+\s+){0,2}incomplet[oa]s?\b`,
        String.raw`\bno\s+(?:venia|venian|traia|traian|incluia|incluian|vino|venia)\s+(?:el|la|los|las)\s+otr[oa]s?\b`,
        String.raw`\b(?:came|arrived|shipped|delivered)\s+with\s+only\s+(?:one|1|half|part)\b`,
        String.raw`\bonly\s+(?:got|received|came\s+with)\s+(?:one|1|half|part)\b`,
        String.raw`\bonly\s+(?:one|1)\s+(?:\w+\s+)?(?:came|arrived|was\s+in)\b`,
        String.raw`\bmissing\s+(?:an?\s+|one\s+|the\s+|some\s+|a\s+few\s+)?(?:item|items|piece|pieces|shoe|part|parts|product|products|sock|socks)\b`,
        String.raw`\b(?:item|piece|shoe|part|product|one)s?\s+(?:is|are|was|were)\s+missing\b`,
        String.raw`\b(?:${ORDER_EN}|box)\s+(?:was|is|came|arrived)\s+incomplete\b|\bincomplete\s+${ORDER_EN}\b`,
      ].join('|'),
    ),
  ],
  [
    'billing',
    new RegExp(
      [
        // The charged card or account may sit between the verb and how often ("charged my card twice").
        String.raw`\bme\s+(?:cobraron|cobraste|cobro|cobran|estan\s+cobrando|hicieron)\s+(?:(?:en\s+)?(?:mi\s+)?(?:tarjeta|cuenta)\s+)?(?:dos\s+veces|2\s+veces|doble|de\s+mas|demas|mas\s+de\s+lo|un\s+cargo|otro\s+cargo|dos\s+cargos)\b`,
        String.raw`\b(?:doble\s+cargo|cargo\s+doble|cobro\s+doble|doble\s+cobro|cargo\s+no\s+reconocido|cobro\s+indebido|cargo\s+indebido)\b`,
        String.raw`\b(?:charged|billed)\s+(?:me\s+|us\s+|(?:my|our)\s+(?:credit\s+|debit\s+)?(?:card|account)\s+)?(?:twice|double|two\s+times|2\s+times|too\s+much)\b|\bdouble\s+charged\b`,
      ].join('|'),
    ),
  ],
  [
    'refund',
    new RegExp(
      [
        String.raw`\b(?:quiero|exijo|necesito|ocupo|queremos)\s+(?:que\s+me\s+(?:devuelvan|regresen|reembolsen)\s+)?(?:mi|el|un)\s+(?:dinero|reembolso|lana|varo|feria)\b`,
        String.raw`\b(?:devuelvanme|regresenme|devuelveme|regresame|reembolsenme|denme)\s+(?:mi|el)\s+(?:dinero|reembolso|lana|varo|feria|pago)\b`,
        String.raw`\b(?:i\s+)?(?:want|need|demand)\s+(?:a\s+|my\s+)?(?:refund|money\s+back)\b`,
        String.raw`\b(?:give|get)\s+me\s+my\s+money\s+back\b|\brefund\s+me\b`,
      ].join('|'),
    ),
  ],
  [
    'frustration',
    new RegExp(
      [
        String.raw`\bya\s+me\s+(?:canse|harte|tienen\s+hart[oa]s?)\b`,
        String.raw`\b(?:estoy|ando|estamos)\s+(?:muy\s+|bien\s+|super\s+|re\s+)?(?:hart[oa]s?|molest[oa]s?|enojad[oa]s?|encabronad[oa]s?|emputad[oa]s?|furios[oa]s?|indignad[oa]s?|decepcionad[oa]s?)\b`,
        String.raw`\bme\s+tienen\s+(?:hart[oa]|hasta\s+la\s+madre)\b|\bhasta\s+la\s+madre\b|\bque\s+poca\s+madre\b`,
        String.raw`\b(?:pesim[oa]|malisim[oa]|mal|mala|terrible|horrible|asqueros[oa]|pinche|puto|culero|porqueria\s+de|mierda\s+de)\s+(?:servicio|atencion|tienda|empresa|bot|robot|asistente|sistema|experiencia)\b`,
        String.raw`\b(?:servicio|atencion)\s+(?:de\s+)?(?:mierda|porqueria|pesim[oa]|del\s+asco|culero|terrible|horrible|malisim[oa])\b`,
        String.raw`\b(?:rateros|ladrones|estafadores|transas|defraudadores|estafa|fraude|me\s+estafaron|me\s+robaron|una\s+burla|profeco)\b`,
        String.raw`\bnadie\s+(?:me\s+|nos\s+)?(?:contesta|responde|atiende|hace\s+caso|ayuda|resuelve)\b`,
        String.raw`\bno\s+(?:sirven?|sirves)\s+para\s+nada\b`,
        String.raw`\b(?:pendejos?|pendejas?|idiotas?|estupid[oa]s?|imbeciles?|imbecil|inutiles?|inutil|culeros?|chinguen|chingada)\b`,
        String.raw`\b(?:ridiculous|unacceptable|outrageous|bullshit|scam|scammers|ripoff|rip\s+off|wtf|fuck|fucking|fucked)\b`,
        String.raw`\b(?:terrible|awful|horrible|worst|lousy|crappy|shitty|shit|pathetic|useless|stupid)\s+(?:service|store|shop|company|experience|support|bot|assistant)\b`,
        String.raw`\b(?:fed\s+up|sick\s+and\s+tired|sick\s+of\s+(?:this|you|waiting))\b`,
        String.raw`\bi(?:'m|\s+am)\s+(?:so\s+|very\s+|really\s+)?(?:angry|furious|pissed|upset|frustrated|disappointed)\b`,
        String.raw`\b(?:nobody|no\s+one)\s+(?:answers|replies|responds|helps)\b`,
      ].join('|'),
    ),
  ],
  [
    'general',
    new RegExp(
      [
        String.raw`\b(?:queja|quejas|reclamo|reclamacion|inconformidad)\b`,
        String.raw`\btengo\s+(?:un\s+)?problema\s+con\s+(?:mi|el|la)\s+${ORDER_ES}\b`,
        String.raw`\b(?:complaint|complain|complaining)\b`,
        String.raw`\b(?:problem|issue)\s+with\s+my\s+${ORDER_EN}\b`,
      ].join('|'),
    ),
  ],
];

/** The command a message gives: its intent, and what a complaint is about or whether an opt-out asks for erasure. */
export interface CommandMatch {
  intent: CommandIntent;
  reason?: ComplaintReason;
  erasure?: true;
}

/**
 * The command a message gives, or undefined. `folded` is lower-case without accents;
 * `tokens` its words. Opt-out is checked first: "ya no quiero recibir mensajes" contains
 * "quiero recibir mensajes", and "pinche servicio, no me escriban" is a compliance matter
 * before it is a complaint. A complaint comes before a bare request for a person: "ya me
 * cansé, comunícame con alguien real" is worth a reason.
 */
export function matchCommand(folded: string, tokens: readonly string[]): CommandMatch | undefined {
  // "STOP STOP" is still one word.
  const meaningful = [...new Set(stripCourtesy(tokens))];
  if (meaningful.length === 1) {
    for (const [intent, commandWords] of WHOLE_MESSAGE) {
      if (commandWords.has(meaningful[0])) return { intent };
    }
  }
  const spaced = folded.replace(/[^a-z0-9'\s]/g, ' ').replace(/\s+/g, ' ');
  if (ERASURE.test(spaced)) return { intent: 'opt_out', erasure: true };
  for (const [intent, pattern] of PHRASES) {
    // Last in PHRASES: a complaint is read before it.
    if (intent === 'human_agent') {
      const reason = complaintReason(spaced);
      if (reason) return { intent: 'complaint', reason };
    }
    if (pattern.test(spaced)) {
      // An impatient or escalated request for a person is a complaint: apologise, then hand off.
      if (intent === 'human_agent' && IMPATIENCE.test(spaced)) return { intent: 'complaint', reason: 'frustration' };
      if (intent === 'human_agent' && ESCALATION.test(spaced)) return { intent: 'complaint', reason: 'general' };
      return { intent };
    }
  }
  return undefined;
}

/** A wish to buy another ("necesita otras", "quiero unos nuevos"). */
const WANTS_ANOTHER = /\b(?:necesit|ocup|quier|busc|compr)\w*\s+(?:(?:un|una|unos|unas)\s+)?(?:otr[oa]s?|nuev[oa]s?)\b/;
/** What the shop sold or sent: its order, a purchase, a delivery. */
const FROM_THE_SHOP = new RegExp(
  String.raw`\b(?:${ORDER_ES}|compre|compramos|pedi|pedimos|ordene)\b|\b${ARRIVED_ES}\b`,
);

function complaintReason(spaced: string): ComplaintReason | undefined {
  const reason = COMPLAINTS.find(([, pattern]) => pattern.test(spaced))?.[0];
  // Worn out in the customer's own use, and another wanted ("se le rompieron y necesita otras"):
  // a purchase, unless what the shop sold or sent is what broke.
  if (reason === 'damaged' && WANTS_ANOTHER.test(spaced) && !FROM_THE_SHOP.test(spaced)) return undefined;
  return reason;
}

/**
 * Impatience that is no complaint on its own ("pff", "ya llevo rato y nada", "ugh, this is
 * taking forever") but makes a request for a person one: the customer is owed an apology.
 */
const IMPATIENCE = new RegExp(
  [
    String.raw`\bp+f+t?\b|\bu+g+h+\b|\bash\b|\bagh+\b`,
    String.raw`\b(?:llevo|llevamos|tengo|tenemos)\s+(?:\w+\s+){0,2}(?:rato|horas?|dias|semanas|tiempo|siglos|anos)\b`,
    String.raw`\by\s+nada\b|\by\s+no\s+(?:me\s+)?(?:resuelve|resuelven|ayuda|ayudan|contesta|contestan)\b`,
    String.raw`\bno\s+(?:me\s+)?(?:entiendes|entiende|ayudas|resuelves|sirves|estas\s+ayudando)\b`,
    String.raw`\bya\s+(?:van|son|fueron)\s+\w+\s+veces\b|\bcuantas\s+veces\b`,
    String.raw`\b(?:que\s+)?(?:lata|flojera|desesperante|desesperad[oa])\b`,
    String.raw`\b(?:taking|takes)\s+(?:forever|so\s+long|ages)\b|\bfor\s+(?:ages|hours|so\s+long)\b|\bstill\s+nothing\b`,
    String.raw`\b(?:you(?:'re|\s+are)\s+)?not\s+(?:helping|helpful)\b|\b(?:you\s+)?(?:don'?t|do\s+not)\s+understand\b`,
  ].join('|'),
);
/** Asking for someone above the staff ("el gerente", "un supervisor"): an escalation, apologised for. */
const ESCALATION = /\b(?:gerente|supervisor|supervisora|encargad[oa]|jef[ea]|responsable|manager)\b/;

function stripCourtesy(tokens: readonly string[]): string[] {
  const out = [...tokens];
  while (out.length > 1 && COURTESY.has(out[0])) out.shift();
  while (out.length > 1 && COURTESY.has(out[out.length - 1])) out.pop();
  return out;
}
