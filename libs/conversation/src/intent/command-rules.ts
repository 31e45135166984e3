import type { CommandIntent } from './detection.js';

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

const WHOLE_MESSAGE: ReadonlyArray<readonly [CommandIntent, ReadonlySet<string>]> = [
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
const PEOPLE = String.raw`(?:una?\s+|el\s+|la\s+|algun\s+|alguna\s+)?(?:persona(?:\s+real)?|ser\s+humano|humano|humana|agente|asesor|asesora|operador|operadora|vendedor|vendedora|encargado|encargada|gerente|representante|ejecutivo|ejecutiva|alguien(?:\s+real)?)`;
const PEOPLE_EN = String.raw`(?:a\s+|an\s+|some\s+|the\s+|your\s+)?(?:real\s+|live\s+)?(?:human(?:\s+being)?|person|agent|representative|rep|operator|someone|somebody|manager|salesperson|people)`;

const PHRASES: ReadonlyArray<readonly [CommandIntent, RegExp]> = [
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
 * The command a message gives, or undefined. `folded` is lower-case without accents;
 * `tokens` its words. Opt-out is checked first: "ya no quiero recibir mensajes" contains
 * "quiero recibir mensajes".
 */
export function matchCommand(folded: string, tokens: readonly string[]): CommandIntent | undefined {
  // "STOP STOP" is still one word.
  const meaningful = [...new Set(stripCourtesy(tokens))];
  if (meaningful.length === 1) {
    for (const [intent, commandWords] of WHOLE_MESSAGE) {
      if (commandWords.has(meaningful[0])) return intent;
    }
  }
  const spaced = folded.replace(/[^a-z0-9'\s]/g, ' ').replace(/\s+/g, ' ');
  for (const [intent, pattern] of PHRASES) {
    if (pattern.test(spaced)) return intent;
  }
  return undefined;
}

function stripCourtesy(tokens: readonly string[]): string[] {
  const out = [...tokens];
  while (out.length > 1 && COURTESY.has(out[0])) out.shift();
  while (out.length > 1 && COURTESY.has(out[out.length - 1])) out.pop();
  return out;
}
