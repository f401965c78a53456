using System.Globalization;
using Penchant.Core.Data;

namespace Penchant.Core.Merchandising;

/// <summary>What a <see cref="ScoreBoost"/> matches on.</summary>
public enum BoostField
{
    /// <summary>The item's brand.</summary>
    Brand,

    /// <summary>A category at any level of the item's path.</summary>
    Category,

    /// <summary>One of the item's tags.</summary>
    Tag,

    /// <summary>The item's id.</summary>
    Item,
}

/// <summary>
/// A merchandising rule for one request: items matching <see cref="Field"/> = <see cref="Value"/> (case-insensitive;
/// ids exactly) get <see cref="Weight"/> added to their score before the list is chosen, on the list's own scale
/// (for a shopper's recommendations and similar items the best model score is 1); a negative weight buries them.
/// </summary>
/// <param name="Field">What it matches on.</param>
/// <param name="Value">The brand, category, tag or item id.</param>
/// <param name="Weight">What it adds, between -<see cref="MaxWeight"/> and <see cref="MaxWeight"/>.</param>
public sealed record ScoreBoost(BoostField Field, string Value, float Weight)
{
    /// <summary>The largest weight, either way.</summary>
    public const float MaxWeight = 100f;

    /// <summary>The most boosts one request (or one campaign) may carry.</summary>
    public const int MaxBoosts = 20;

    /// <summary>The stored campaign (<see cref="Merchandising.Campaign"/>) this boost comes from, or null for a request's own.</summary>
    public string? Campaign { get; init; }

    /// <summary>
    /// Whether it takes the items it matches out of the list altogether (a brand recalled, a category not to be shown on
    /// a page) instead of adding <see cref="Weight"/>, which is then 0; written <c>field:value:hide</c>.
    /// </summary>
    public bool Hide { get; init; }

    /// <summary>A boost that hides what it matches (<see cref="Hide"/>).</summary>
    public static ScoreBoost Hiding(BoostField field, string value) => new(field, value, 0f) { Hide = true };

    /// <summary>What <paramref name="boosts"/> add up to for <paramref name="item"/> (0 when none matches; a hiding boost adds nothing).</summary>
    public static float Total(IEnumerable<ScoreBoost> boosts, Item item)
    {
        ArgumentNullException.ThrowIfNull(boosts);
        var total = 0f;
        foreach (var boost in boosts)
        {
            if (boost.Matches(item))
            {
                total += boost.Weight;
            }
        }

        return total;
    }

    /// <summary>Reads a field's name (brand, category, tag or item; any case), or null when it is none of them.</summary>
    public static BoostField? ParseField(string name) =>
        name.Trim().ToLowerInvariant() switch
        {
            "brand" => BoostField.Brand,
            "category" => BoostField.Category,
            "tag" => BoostField.Tag,
            "item" => BoostField.Item,
            _ => null,
        };

    /// <summary>The field's name as the API writes it.</summary>
    public static string FieldName(BoostField field) => field.ToString().ToLowerInvariant();

    /// <summary>Whether <paramref name="item"/> matches.</summary>
    public bool Matches(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Field switch
        {
            BoostField.Brand => string.Equals(item.Brand, Value, StringComparison.OrdinalIgnoreCase),
            BoostField.Category => item.Categories.Contains(Value, StringComparer.OrdinalIgnoreCase),
            BoostField.Tag => item.TagList.Contains(Value, StringComparer.OrdinalIgnoreCase),
            _ => string.Equals(item.Id, Value, StringComparison.Ordinal),
        };
    }

    /// <summary>
    /// Parses <c>field:value:weight</c> entries separated by commas (<c>brand:Acme:0.3,category:Kitchen:-0.2</c>); the
    /// value is what lies between the first and the last colon, so it may hold colons itself.
    /// </summary>
    /// <param name="text">The query parameter's value.</param>
    /// <param name="boosts">The boosts parsed.</param>
    /// <param name="error">What is wrong, naming the entry, when the text does not parse.</param>
    /// <returns>Whether every entry parsed.</returns>
    public static bool TryParseList(string text, out IReadOnlyList<ScoreBoost> boosts, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<ScoreBoost>();
        boosts = result;
        error = null;
        var entries = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0)
        {
            error = "boost must hold at least one field:value:weight entry";
            return false;
        }

        if (entries.Length > MaxBoosts)
        {
            error = $"boost may hold at most {MaxBoosts} entries, not {entries.Length}";
            return false;
        }

        foreach (var entry in entries)
        {
            var first = entry.IndexOf(':', StringComparison.Ordinal);
            var last = entry.LastIndexOf(':');
            if (first < 0 || last <= first)
            {
                error = $"boost entry '{entry}' must read field:value:weight, e.g. brand:Acme:0.3";
                return false;
            }

            var field = ParseField(entry[..first]);
            var value = entry[(first + 1)..last].Trim();
            if (field is null)
            {
                error = $"boost entry '{entry}': the field must be brand, category, tag or item, not '{entry[..first]}'";
                return false;
            }

            if (value.Length == 0)
            {
                error = $"boost entry '{entry}': the value must not be empty";
                return false;
            }

            if (string.Equals(entry[(last + 1)..].Trim(), "hide", StringComparison.OrdinalIgnoreCase))
            {
                result.Add(Hiding(field.Value, value));
                continue;
            }

            if (!float.TryParse(entry[(last + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || !float.IsFinite(weight) || Math.Abs(weight) > MaxWeight)
            {
                error = $"boost entry '{entry}': the weight must be a number between -{MaxWeight} and {MaxWeight}, or hide";
                return false;
            }

            result.Add(new ScoreBoost(field.Value, value, weight));
        }

        return true;
    }
}
