using Penchant.Core.Data;

namespace Penchant.Storage.Import;

/// <summary>
/// Penchant's own item, user and event records from named fields, with validation. The fields are described in
/// docs/formats.md.
/// </summary>
internal static class PenchantRecords
{
    /// <summary>The columns a CSV header must have, per kind.</summary>
    public static string[] RequiredColumns(PenchantRecordKind kind) => kind switch
    {
        PenchantRecordKind.Items => ["id", "title"],
        PenchantRecordKind.Users => ["id"],
        _ => ["user_id", "type", "timestamp"],
    };

    /// <summary>Reads one record and hands it to the session; returns the reason when it is rejected.</summary>
    public static async ValueTask<string?> AddAsync(ImportSession session, PenchantRecordKind kind, IFieldSource fields)
    {
        try
        {
            switch (kind)
            {
                case PenchantRecordKind.Items:
                    if (ParseItem(fields, out var item) is { } itemError)
                    {
                        return itemError;
                    }

                    await session.AddAsync(item!);
                    return null;
                case PenchantRecordKind.Users:
                    if (ParseUser(fields, out var user) is { } userError)
                    {
                        return userError;
                    }

                    await session.AddAsync(user!);
                    return null;
                default:
                    if (ParseEvent(fields, out var e) is { } eventError)
                    {
                        return eventError;
                    }

                    await session.AddAsync(e!);
                    return null;
            }
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    public static string? ParseItem(IFieldSource f, out Item? item)
    {
        item = null;
        if (f.Text("id") is not { } id)
        {
            return "missing id";
        }

        if (f.Text("title") is not { } title)
        {
            return "missing title";
        }

        decimal? price = null;
        if (f.Text("price") is { } priceText)
        {
            if (!Fields.TryDecimal(priceText, out var p))
            {
                return $"price '{priceText}' is not a number";
            }

            price = p;
        }

        var available = true;
        if (f.Text("available") is { } availableText && !Fields.TryBool(availableText, out available))
        {
            return $"available '{availableText}' is not true or false";
        }

        DateTimeOffset? created = null;
        if (f.Text("created_at") is { } createdText)
        {
            if (!Fields.TryTimestamp(createdText, out var c))
            {
                return $"created_at '{createdText}' is not a timestamp";
            }

            created = c;
        }

        item = new Item(
            id,
            title,
            f.Text("description"),
            f.List("category_path", '>') ?? f.List("category", '>'),
            f.Text("brand"),
            price,
            f.List("tags", '|'),
            f.Attributes(),
            f.Text("image_url"),
            available,
            created);
        return null;
    }

    public static string? ParseUser(IFieldSource f, out User? user)
    {
        user = null;
        if (f.Text("id") is not { } id)
        {
            return "missing id";
        }

        bool? personalization = null;
        bool? profiling = null;
        foreach (var (name, set) in new (string, Action<bool>)[] { ("consent_personalization", v => personalization = v), ("consent_profiling", v => profiling = v) })
        {
            if (f.Text(name) is { } text)
            {
                if (!Fields.TryBool(text, out var value))
                {
                    return $"{name} '{text}' is not true or false";
                }

                set(value);
            }
        }

        var consent = personalization is null && profiling is null ? null : new ConsentFlags(personalization ?? true, profiling ?? true);
        user = new User(id, f.Attributes(), consent);
        return null;
    }

    public static string? ParseEvent(IFieldSource f, out Event? e)
    {
        e = null;
        if (f.Text("user_id") is not { } user)
        {
            return "missing user_id";
        }

        if (f.Text("type") is not { } typeText)
        {
            return "missing type";
        }

        if (!EventTypes.TryParse(typeText, out var type))
        {
            return $"unknown event type '{typeText}'";
        }

        var itemId = f.Text("item_id");
        if (itemId is null && type != EventType.Search)
        {
            return $"missing item_id (required for {type.WireName()} events)";
        }

        if (f.Text("timestamp") is not { } timeText)
        {
            return "missing timestamp";
        }

        if (!Fields.TryTimestamp(timeText, out var time))
        {
            return $"timestamp '{timeText}' is neither ISO-8601 nor Unix seconds";
        }

        double? value = null;
        if (f.Text("value") is { } valueText)
        {
            if (!Fields.TryDouble(valueText, out var v))
            {
                return $"value '{valueText}' is not a number";
            }

            value = v;
        }

        decimal? price = null;
        if (f.Text("price") is { } priceText)
        {
            if (!Fields.TryDecimal(priceText, out var p) || p < 0)
            {
                return $"price '{priceText}' is not a number of zero or more";
            }

            if (type is not (EventType.Purchase or EventType.AddToCart))
            {
                return $"price is the unit price paid on add_to_cart or purchase events, not on {type.WireName()} events";
            }

            price = p;
        }

        var id = f.Text("event_id") ?? $"penchant:{user}:{itemId}:{Fields.IdTime(time)}:{type.WireName()}";
        e = new Event(id, user, itemId, type, time, value, f.Text("text"), f.Text("session_id"), price);
        return null;
    }
}
