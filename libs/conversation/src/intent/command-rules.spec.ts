import { matchCommand } from './command-rules.js';
import { tokenize } from './text-normaliser.js';

/** As the detector calls it: the message's tokens, joined. */
const command = (text: string) => {
  const tokens = tokenize(text);
  return matchCommand(tokens.join(' '), tokens);
};

describe(matchCommand.name, () => {
  describe('an incomplete order received', () => {
    it.each([
      'abrí el paquete y nomás venía una sola bota',
      'oigan, me faltaron dos piezas en mi pedido',
      'me entregaron la bolsa pero no traía la otra sandalia',
      'el pedido llegó incompleto',
      'the parcel came with only one sneaker',
      'my order is missing a piece',
    ])('should read "%s" as a complaint about what arrived', (text) => {
      // The reason may be read more specifically ("incompleto" is also a damaged parcel's word).
      expect(command(text)).toMatchObject({ intent: 'complaint' });
      expect(['wrong_item', 'damaged', 'delivery']).toContain(command(text)?.reason);
    });

    it.each([
      '¿venden un solo tenis si perdí el otro?',
      '¿cuánto falta para que abran?',
      'do you have a missing size chart?',
    ])('should not read "%s" as a complaint', (text) => {
      expect(command(text)).toBeUndefined();
    });
  });

  describe('a double charge', () => {
    it.each([
      'they billed my debit card twice for one pair',
      'you guys charged our account 2 times',
      'me cobraron en mi tarjeta dos veces la misma compra',
      'me cobraron 2 veces el pedido',
    ])('should read "%s" as a billing complaint', (text) => {
      expect(command(text)).toMatchObject({ intent: 'complaint', reason: 'billing' });
    });

    it.each(['can I pay with my card twice a month?', '¿cobran el envío dos veces si pido dos pares?'])(
      'should not read "%s" as a complaint',
      (text) => {
        expect(command(text)).toBeUndefined();
      },
    );
  });

  describe('an impatient or escalated request for a person', () => {
    it.each([
      'uff llevo media hora aquí, pásame con un asesor',
      'ya van tres veces que pregunto, quiero hablar con una persona',
      'ugh this is taking forever, let me talk to a human',
    ])('should read "%s" as a frustrated complaint (an apology, then a person)', (text) => {
      expect(command(text)).toEqual({ intent: 'complaint', reason: 'frustration' });
    });

    it.each([
      'me comunicas con la gerente por favor',
      'quiero hablar con el supervisor',
      'put me through to a manager',
    ])('should read the escalation "%s" as a complaint', (text) => {
      expect(command(text)).toEqual({ intent: 'complaint', reason: 'general' });
    });

    it('should keep a calm request for a person a plain handoff', () => {
      expect(command('me pasas con un asesor porfa')).toEqual({ intent: 'human_agent' });
    });
  });

  describe('a wrong item received', () => {
    it.each([
      'ya me llegó la sudadera pero de otro color',
      'buen día, vinieron los tenis en una talla diferente',
      'pedí la chamarra en M y me enviaron una G',
      'yo compré unos negros pero me llegaron cafés',
      'I bought the blue ones but they sent me black ones',
      'the jacket arrived in the wrong size',
      'me llegaron unas sandalias cafés y yo las pedí negras, qué onda',
      'oigan me enviaron el vestido en CH pero compré M',
      'they sent me a red cap but I ordered a grey one',
    ])('should read "%s" as a wrong-item complaint', (text) => {
      expect(command(text)).toEqual({ intent: 'complaint', reason: 'wrong_item' });
    });

    it.each([
      '¿me llegaría en otro color si lo pido hoy?',
      'si pido la 26 y no me queda, ¿la puedo cambiar?',
      '¿tienen esa chamarra en otro color?',
      'pedí información ayer',
      'me mandaron el catálogo, ¿y si pido dos?',
    ])('should not read the question before buying "%s" as a complaint', (text) => {
      expect(command(text)).toBeUndefined();
    });
  });

  describe('something worn out in use', () => {
    it.each([
      'a mi hija se le rompieron los tenis de la escuela y necesita unos nuevos',
      'se me despegó la suela de mis botas de tanto usarlas, busco otras',
    ])('should read "%s", wanting another, as no complaint', (text) => {
      expect(command(text)).toBeUndefined();
    });

    it.each([
      'se le rompieron las botas que les compré y quiero otras',
      'me llegaron los tenis y se les despegó la suela, necesito unos nuevos',
      'se rompió el cierre de la chamarra',
    ])('should read "%s", about what the shop sold, as a damaged-item complaint', (text) => {
      expect(command(text)).toEqual({ intent: 'complaint', reason: 'damaged' });
    });
  });
});
