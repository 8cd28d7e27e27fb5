import assert from 'node:assert/strict';
import { it } from 'node:test';
import { quote, twinSearchQuery } from './twin-search-query';

void it('searches ids and names, optionally within a model, with the text safely quoted', () => {
  assert.equal(
    twinSearchQuery(' pump ', null),
    "SELECT T.$dtId, T.name, T.$metadata.$model FROM DIGITALTWINS T WHERE (CONTAINS(T.$dtId, 'pump') OR CONTAINS(T.name, 'pump'))",
  );
  assert.ok(twinSearchQuery('x', 'dtmi:a:B;1').endsWith("AND IS_OF_MODEL(T, 'dtmi:a:B;1')"));
  assert.equal(quote("it's"), "'it''s'");
  assert.equal(quote('a\\b'), "'a\\\\b'");
});
