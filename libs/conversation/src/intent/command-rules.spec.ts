import { matchCommand } from './command-rules.js';
import { tokenize } from './text-normaliser.js';

/** As the detector calls it: the message's tokens, joined. */
const command = (text: string) => {
  const tokens = tokenize(text);
  return matchCommand(tokens.join(' '), tokens);
};

describe(matchCommand.name, () => {
  describe('a wrong item received', () => {
    it.each([
      'ya me llegó la sudadera pero de otro color',
      'buen día, vinieron los tenis en una talla diferente',
      'pedí la chamarra en M y me enviaron una G',
      'yo compré unos negros pero me llegaron cafés',
      'I bought the blue ones but they sent me black ones',
      'the jacket arrived in the wrong size',
    ])('should read "%s" as a wrong-item complaint', (text) => {
      expect(command(text)).toEqual({ intent: 'complaint', reason: 'wrong_item' });
    });

    it.each([
      '¿me llegaría en otro color si lo pido hoy?',
      'si pido la 26 y no me queda, ¿la puedo cambiar?',
      '¿tienen esa chamarra en otro color?',
      'pedí información ayer',
    ])('should not read the question before buying "%s" as a complaint', (text) => {
      expect(command(text)).toBeUndefined();
    });
  });
});
