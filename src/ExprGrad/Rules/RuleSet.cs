using System.Collections.Immutable;

namespace ExprGrad;

/// <summary>
/// One immutable state of the rule table. A compilation reads a single <see cref="RuleSet"/> from start to
/// end, so a rule registered meanwhile on another thread can never give one gradient a mix of old and new
/// rules: the compilation sees the table either wholly before or wholly after the registration.
/// </summary>
internal sealed class RuleSet
{
    private readonly ImmutableDictionary<RuleKey, Rule> rules;

    private RuleSet(ImmutableDictionary<RuleKey, Rule> rules) => this.rules = rules;

    public static RuleSet Empty { get; } = new(ImmutableDictionary<RuleKey, Rule>.Empty);

    public bool TryGet(RuleKey key, out Rule rule) => rules.TryGetValue(key, out rule!);

    public bool Contains(RuleKey key) => rules.ContainsKey(key);

    public IEnumerable<RuleKey> Keys => rules.Keys;

    public IReadOnlyCollection<KeyValuePair<RuleKey, Rule>> All => rules;

    /// <summary>This set with <paramref name="key"/>'s rule set to <paramref name="rule"/>; this one is unchanged.</summary>
    public RuleSet With(RuleKey key, Rule rule) => new(rules.SetItem(key, rule));
}
