import { readCatalogueFile } from '../src/inventory/catalogue.js';
import { generateCatalogue } from './generate-catalogue.js';

describe(generateCatalogue.name, () => {
  it('should make exactly the committed catalogue.json (the file is generated, not edited)', () => {
    expect(generateCatalogue()).toEqual(readCatalogueFile());
  });

  it('should make the same catalogue on every run', () => {
    expect(generateCatalogue()).toEqual(generateCatalogue());
  });
});
