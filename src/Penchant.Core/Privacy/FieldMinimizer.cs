using System.Collections.Frozen;
using Penchant.Core.Data;

namespace Penchant.Core.Privacy;

/// <summary>
/// Data minimisation at ingest: keeps only allow-listed user attributes and event fields, and reports what it dropped
/// so the ingest response can count it (see <see cref="DroppedFieldTally"/>).
/// </summary>
/// <remarks>
/// Besides the allow-list, text is kept only where it means something, on search and review events: text on a view or
/// a purchase is stray input and is dropped whatever the options say. Masking personal data inside kept text is the
/// job of <see cref="PiiMasker"/>, which runs after this. Immutable and thread-safe.
/// </remarks>
public sealed class FieldMinimizer
{
    private readonly FrozenSet<string> _userAttributes;
    private readonly bool _keepValue;
    private readonly bool _keepText;
    private readonly bool _keepSession;
    private readonly bool _keepPrice;

    public FieldMinimizer(MinimizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _userAttributes = options.AllowedUserAttributes.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _keepValue = options.AllowedEventFields.Contains(EventField.Value);
        _keepText = options.AllowedEventFields.Contains(EventField.Text);
        _keepSession = options.AllowedEventFields.Contains(EventField.SessionId);
        _keepPrice = options.AllowedEventFields.Contains(EventField.Price);
    }

    /// <summary>The wire name of an event field.</summary>
    public static string WireName(EventField field) => field switch
    {
        EventField.Value => "value",
        EventField.Text => "text",
        EventField.SessionId => "session_id",
        EventField.Price => "price",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>The user with only allow-listed attributes; id and consent are always kept.</summary>
    public Minimized<User> Apply(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Attributes is not { Count: > 0 } attributes)
        {
            return new Minimized<User>(user, []);
        }

        List<string>? dropped = null;
        foreach (var key in attributes.Keys)
        {
            if (!_userAttributes.Contains(key))
            {
                (dropped ??= []).Add("attributes." + key);
            }
        }

        if (dropped is null)
        {
            return new Minimized<User>(user, []);
        }

        dropped.Sort(StringComparer.Ordinal);
        var kept = attributes.Where(kv => _userAttributes.Contains(kv.Key)).ToDictionary(StringComparer.Ordinal);
        return new Minimized<User>(user with { Attributes = kept.Count == 0 ? null : kept }, dropped);
    }

    /// <summary>The event with only allow-listed optional fields; ids, type and timestamp are always kept.</summary>
    public Minimized<Event> Apply(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var dropValue = e.Value is not null && !_keepValue;
        var dropText = e.Text is not null && !(_keepText && e.Type is EventType.Search or EventType.Review);
        var dropSession = e.SessionId is not null && !_keepSession;
        var dropPrice = e.Price is not null && !_keepPrice;
        if (!(dropValue || dropText || dropSession || dropPrice))
        {
            return new Minimized<Event>(e, []);
        }

        var dropped = new List<string>(4);
        if (dropValue)
        {
            dropped.Add(WireName(EventField.Value));
        }

        if (dropText)
        {
            dropped.Add(WireName(EventField.Text));
        }

        if (dropSession)
        {
            dropped.Add(WireName(EventField.SessionId));
        }

        if (dropPrice)
        {
            dropped.Add(WireName(EventField.Price));
        }

        var minimized = e with
        {
            Value = dropValue ? null : e.Value,
            Text = dropText ? null : e.Text,
            SessionId = dropSession ? null : e.SessionId,
            Price = dropPrice ? null : e.Price,
        };
        return new Minimized<Event>(minimized, dropped);
    }
}
