/**
 * The one template filler of the client's catalogs and the report's labels. `{name}` is replaced by
 * the parameter; `{name|one|other}` picks a word by the parameter's plural category in the locale
 * (Intl.PluralRules: in French 0 and 1 are singular, in English only 1), so no text says "round(s)".
 * A missing parameter is left as written, which a test can see.
 */
const rules = new Map<string, Intl.PluralRules>();

export function fillTemplate(template: string, params: Record<string, string | number>, locale: string): string {
  return template.replace(/\{(\w+)(?:\|([^|}]*)\|([^|}]*))?\}/g, (whole, name: string, one?: string, other?: string) => {
    if (!(name in params)) return whole;
    if (one === undefined || other === undefined) return String(params[name]);
    let pr = rules.get(locale);
    if (!pr) rules.set(locale, (pr = new Intl.PluralRules(locale)));
    return pr.select(Number(params[name])) === 'one' ? one : other;
  });
}
