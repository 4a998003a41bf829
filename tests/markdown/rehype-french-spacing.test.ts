import fc from 'fast-check';
import type { Root } from 'hast';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import rehypeFrenchSpacing from '../../scripts/markdown/rehype-french-spacing.ts';
import remarkCallouts from '../../scripts/markdown/remark-callouts.ts';
import { render } from './render.ts';

const NNBSP = '\u202F';
const NBSP = '\u00A0';

function french(markdown: string, lang = 'fr') {
  return render(markdown, { remark: [remarkCallouts], rehype: [() => rehypeFrenchSpacing({ lang })] });
}
const html = (markdown: string, lang = 'fr') => french(markdown, lang).html;

describe('rehypeFrenchSpacing, French', () => {
  it('puts a narrow no-break space before ! inside brackets', () => {
    expect(html('Utiliser TOR ou un VPN (mais pas les deux !) pour couvrir son identité en ligne.')).toBe(
      `<p>Utiliser TOR ou un VPN (mais pas les deux${NNBSP}!) pour couvrir son identité en ligne.</p>`,
    );
  });

  it('adds the space when it is missing and replaces other spaces', () => {
    expect(html('Quoi? Non ; oui  ! Vraiment\u00A0?')).toBe(`<p>Quoi${NNBSP}? Non${NNBSP}; oui${NNBSP}! Vraiment${NNBSP}?</p>`);
  });

  it('keeps ?! and !! together', () => {
    expect(html('Quoi ?! Non!! Si !?')).toBe(`<p>Quoi${NNBSP}?! Non${NNBSP}!! Si${NNBSP}!?</p>`);
  });

  it('puts a no-break space before a colon', () => {
    expect(html('Enfin, après l’installation il faut prêter attention à plusieurs détails :')).toBe(
      `<p>Enfin, après l’installation il faut prêter attention à plusieurs détails${NBSP}:</p>`,
    );
    expect(html('- Riot : [riot.im](https://riot.im/)\n- Note: voir')).toBe(
      `<ul>\n<li>Riot${NBSP}: <a href="https://riot.im/">riot.im</a></li>\n<li>Note${NBSP}: voir</li>\n</ul>`,
    );
  });

  it('leaves colons inside words, times and smileys alone', () => {
    expect(html('Réunion à 10:30, Note:important, mot :suite, super :) et ;-) fin')).toBe(
      '<p>Réunion à 10:30, Note:important, mot :suite, super :) et ;-) fin</p>',
    );
  });

  it('leaves domains and arrows alone', () => {
    expect(html('comme Riot.im et Jitsi.org.')).toBe('<p>comme Riot.im et Jitsi.org.</p>');
    expect(html('(Démarrer -> Paramètres -> Confidentialité du micro)')).toBe(
      '<p>(Démarrer -> Paramètres -> Confidentialité du micro)</p>',
    );
  });

  it('turns English curly quotes into guillemets', () => {
    expect(html('Voir la section “Liens utiles” en fin de guide')).toBe(
      `<p>Voir la section «${NNBSP}Liens utiles${NNBSP}» en fin de guide</p>`,
    );
    expect(html('protocole “Matrix”,')).toBe(`<p>protocole «${NNBSP}Matrix${NNBSP}»,</p>`);
  });

  it('turns straight quotes into guillemets and spaces existing ones', () => {
    expect(html('un "salon" et « Bugs » et «ceci»')).toBe(
      `<p>un «${NNBSP}salon${NNBSP}» et «${NNBSP}Bugs${NNBSP}» et «${NNBSP}ceci${NNBSP}»</p>`,
    );
  });

  it('pairs quotes across inline elements of one block', () => {
    expect(html('la “*méthode automatique*” et "`code`" et "[lien](#a)"')).toBe(
      `<p>la «${NNBSP}<em>méthode automatique</em>${NNBSP}» et «${NNBSP}<code>code</code>${NNBSP}» et «${NNBSP}<a href="#a">lien</a>${NNBSP}»</p>`,
    );
  });

  it('does not pair quotes across blocks, and reports unpaired ones', () => {
    const { html, file } = french('Il a dit "oui\n\net" puis');
    expect(html).toBe('<p>Il a dit "oui</p>\n<p>et" puis</p>');
    expect(file.messages.map((message) => message.reason)).toEqual([
      'Unpaired quote ": add the missing quote or use ’ for an apostrophe',
      'Unpaired quote ": add the missing quote or use ’ for an apostrophe',
    ]);
    expect(file.messages[0].line).toBe(1);
  });

  it('curls apostrophes and joins ellipses', () => {
    expect(html("l'ancienne méthode, aujourd'hui, l'\"ancienne\"... mais....")).toBe(
      `<p>l’ancienne méthode, aujourd’hui, l’«${NNBSP}ancienne${NNBSP}»… mais....</p>`,
    );
  });

  it('leaves code untouched', () => {
    expect(html('Tapez `code with "quotes" ; !` puis\n\n```\ncode with "quotes" ; !\n```')).toBe(
      '<p>Tapez <code>code with "quotes" ; !</code> puis</p>\n<pre><code>code with "quotes" ; !\n</code></pre>',
    );
  });

  it('leaves e-mail addresses and URLs (linked or not) untouched', () => {
    expect(html('Écrire à a@b.fr ou voir https://www.signal.org/?a=1 !')).toBe(
      `<p>Écrire à <a href="mailto:a@b.fr">a@b.fr</a> ou voir <a href="https://www.signal.org/?a=1">https://www.signal.org/?a=1</a>${NNBSP}!</p>`,
    );
    const tree: Root = {
      type: 'root',
      children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: 'Voir https://www.signal.org/?a=1 ; a@b.fr ! "www.x.org/?q" ?' }] }],
    };
    unified().use(rehypeFrenchSpacing).runSync(tree, new VFile());
    expect(tree.children[0]).toMatchObject({
      children: [{ value: `Voir https://www.signal.org/?a=1${NNBSP}; a@b.fr${NNBSP}! «${NNBSP}www.x.org/?q${NNBSP}»${NNBSP}?` }],
    });
  });

  it('does not change a link whose text is its address', () => {
    expect(html("[Riot.im](https://riot.im/) et [aujourd'hui?](https://x.org/)")).toBe(
      `<p><a href="https://riot.im/">Riot.im</a> et <a href="https://x.org/">aujourd’hui${NNBSP}?</a></p>`,
    );
  });

  it('works in headings, list items, table cells and callouts', () => {
    expect(html('# « Bugs » de Riot\n\n| Question ? |\n| --- |\n| Oui ! |\n\n:::attention\nPas les deux !\n:::')).toBe(
      `<h1>«${NNBSP}Bugs${NNBSP}» de Riot</h1>\n<table>\n<thead>\n<tr>\n<th>Question${NNBSP}?</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>Oui${NNBSP}!</td>\n</tr>\n</tbody>\n</table>\n<aside class="callout callout-attention"><p class="callout-title">Attention</p><p>Pas les deux${NNBSP}!</p></aside>`,
    );
  });

  it('is idempotent', () => {
    const once = html('Voir “Liens” : oui ! "a" l\'eau...');
    const twice = render(once.replace(/^<p>|<\/p>$/g, ''), { rehype: [() => rehypeFrenchSpacing()] }).html;
    expect(twice).toBe(once);
  });
});

describe('rehypeFrenchSpacing, English', () => {
  it('only curls quotes and apostrophes and joins ellipses', () => {
    expect(html('He said "hi"... it\'s fine : yes ! “ok”', 'en')).toBe('<p>He said “hi”… it’s fine : yes ! “ok”</p>');
  });
});

describe('rehypeFrenchSpacing, other languages', () => {
  it('leaves quotes alone where it does not know the language’s quotes', () => {
    expect(html('"Ja" zei hij... l\'eau', 'sv')).toBe('<p>"Ja" zei hij… l’eau</p>');
    expect(html('"x"', 'constructor')).toBe('<p>"x"</p>');
  });
});

describe('rehypeFrenchSpacing, Spanish and German', () => {
  it('gives Spanish its « » without French spaces, after ¿ and ¡ too', () => {
    expect(html('Dijo "basta" : ¿"ya"? ¡"no"!', 'es')).toBe('<p>Dijo «basta» : ¿«ya»? ¡«no»!</p>');
  });

  it('gives German „ “, Swiss German « »', () => {
    expect(html('Er sagte "Nein" ... und ging.', 'de')).toBe('<p>Er sagte „Nein“ … und ging.</p>');
    expect(html('Er sagte "Nein".', 'de-AT')).toBe('<p>Er sagte „Nein“.</p>');
    expect(html('Er sagte "Nein".', 'de-CH')).toBe('<p>Er sagte «Nein».</p>');
  });

  it('spaces French only: not a language whose tag starts with "fr"', () => {
    expect(html('Ja : nee !', 'frr')).toBe('<p>Ja : nee !</p>');
    expect(html('Oui : non !', 'fr-CA')).toBe('<p>Oui\u00A0: non\u202F!</p>');
  });
});

describe('rehypeFrenchSpacing, any text', () => {
  const alphabet = [...'ab é:;!?«»"“”\'.…-/@10\n*`[]()#>_'].concat(['\u00A0', '\u202F', 'www.', 'http://', ':::']);
  const text = fc.oneof(fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }));

  it('never throws and gives the same result when run twice', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('fr', 'en'), (markdown, lang) => {
        const plugin = () => rehypeFrenchSpacing({ lang });
        const once = render(markdown, { rehype: [plugin] }).html;
        const twice = render(markdown, { rehype: [plugin, plugin] }).html;
        expect(twice).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
