using Penchant.Core.Data;
using Penchant.Server.Contracts;

namespace Penchant.Server.Validation;

/// <summary>Checks incoming DTOs and turns valid ones into core records, naming each bad field.</summary>
public static class RequestValidator
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxIdLength = 256;

    private const int MaxTextLength = 20_000;

    /// <summary>How far in the future an event timestamp may be (clock skew).</summary>
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    /// <summary>Validates one event; <paramref name="prefix"/> is prepended to field names (e.g. <c>events[3].</c>).</summary>
    public static Event? ToEvent(EventDto? dto, string prefix, DateTimeOffset now, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (dto is null)
        {
            errors.Add(prefix.TrimEnd('.'), "an event object is required");
            return null;
        }

        var before = errors.Count;
        CheckId(dto.EventId, prefix, "eventId", errors);
        CheckId(dto.UserId, prefix, "userId", errors);
        EventType type = default;
        var typeKnown = !string.IsNullOrWhiteSpace(dto.Type) && EventTypes.TryParse(dto.Type, out type);
        if (string.IsNullOrWhiteSpace(dto.Type))
        {
            errors.Add(prefix + "type", "type is required");
        }
        else if (!EventTypes.TryParse(dto.Type, out type))
        {
            errors.Add(prefix + "type", $"unknown event type '{dto.Type}'; expected one of {string.Join(", ", EventTypes.All.Select(static t => t.WireName()))}");
        }

        if (type != EventType.Search || dto.ItemId is not null)
        {
            if (string.IsNullOrWhiteSpace(dto.ItemId))
            {
                errors.Add(prefix + "itemId", $"itemId is required for a '{type.WireName()}' event");
            }
            else
            {
                CheckId(dto.ItemId, prefix, "itemId", errors);
            }
        }

        if (dto.Value is { } value)
        {
            if (!double.IsFinite(value))
            {
                errors.Add(prefix + "value", "value must be a finite number");
            }
            else if (type == EventType.Rating && (value < 1 || value > 5))
            {
                errors.Add(prefix + "value", $"a rating must be between 1 and 5, not {value}");
            }
            else if (type is EventType.Purchase or EventType.AddToCart && value <= 0)
            {
                errors.Add(prefix + "value", $"a quantity must be positive, not {value}");
            }
        }

        if (dto.Price is { } price)
        {
            if (typeKnown && type is not (EventType.Purchase or EventType.AddToCart))
            {
                errors.Add(prefix + "price", $"price is the unit price paid on an 'add_to_cart' or 'purchase' event, not on a '{type.WireName()}' one");
            }
            else if (price < 0)
            {
                errors.Add(prefix + "price", $"price must not be negative, not {price}");
            }
        }

        if (dto.Timestamp is { } timestamp && timestamp > now + FutureTolerance)
        {
            errors.Add(prefix + "timestamp", "timestamp is more than a day in the future");
        }

        if (dto.Text is { Length: > MaxTextLength })
        {
            errors.Add(prefix + "text", $"text is longer than {MaxTextLength} characters");
        }

        if (dto.SessionId is { Length: > MaxIdLength })
        {
            errors.Add(prefix + "sessionId", $"sessionId is longer than {MaxIdLength} characters");
        }

        CheckNoNul(dto.Text, prefix, "text", errors);
        CheckNoNul(dto.SessionId, prefix, "sessionId", errors);

        return errors.Count != before
            ? null
            : new Event(dto.EventId!, dto.UserId!, dto.ItemId, type, dto.Timestamp ?? now, dto.Value, dto.Text, dto.SessionId, dto.Price);
    }

    /// <summary>Validates one item; the id comes from the route when <paramref name="routeId"/> is given.</summary>
    public static Item? ToItem(ItemDto? dto, string prefix, string? routeId, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (dto is null)
        {
            errors.Add(prefix.TrimEnd('.'), "an item object is required");
            return null;
        }

        var before = errors.Count;
        if (routeId is not null)
        {
            CheckId(routeId, "", "id", errors);
            if (dto.Id is not null && dto.Id != routeId)
            {
                errors.Add(prefix + "id", $"id '{dto.Id}' does not match the address ('{routeId}')");
            }
        }
        else
        {
            CheckId(dto.Id, prefix, "id", errors);
        }

        if (string.IsNullOrWhiteSpace(dto.Title))
        {
            errors.Add(prefix + "title", "title is required");
        }
        else if (dto.Title.Length > 1000)
        {
            errors.Add(prefix + "title", "title is longer than 1000 characters");
        }

        if (dto.Price is < 0)
        {
            errors.Add(prefix + "price", "price must not be negative");
        }

        if (dto.Categories is { } categories)
        {
            for (var i = 0; i < categories.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(categories[i]))
                {
                    errors.Add($"{prefix}categories[{i}]", "a category name must not be empty");
                }
            }
        }

        if (dto.Description is { Length: > MaxTextLength })
        {
            errors.Add(prefix + "description", $"description is longer than {MaxTextLength} characters");
        }

        CheckNoNul(dto.Title, prefix, "title", errors);
        CheckNoNul(dto.Description, prefix, "description", errors);
        CheckNoNul(dto.Brand, prefix, "brand", errors);
        CheckNoNul(dto.ImageUrl, prefix, "imageUrl", errors);
        CheckAllNoNul(dto.Categories, prefix, "categories", errors);
        CheckAllNoNul(dto.Tags, prefix, "tags", errors);
        CheckAttributesNoNul(dto.Attributes, prefix, errors);
        return errors.Count != before ? null : dto.ToItem(routeId);
    }

    /// <summary>Validates a user; the id comes from the route.</summary>
    public static User? ToUser(UserDto? dto, string routeId, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        CheckId(routeId, "", "id", errors);
        if (dto?.Id is { } id && id != routeId)
        {
            errors.Add("id", $"id '{id}' does not match the address ('{routeId}')");
        }

        if (dto?.Attributes is { } attributes)
        {
            foreach (var (key, _) in attributes)
            {
                if (string.IsNullOrWhiteSpace(key))
                {
                    errors.Add("attributes", "attribute names must not be empty");
                }
            }
        }

        CheckAttributesNoNul(dto?.Attributes, "", errors);
        return errors.Count != before ? null : (dto ?? new UserDto(routeId)).ToUser(routeId);
    }

    /// <summary>
    /// Checks an id field named <paramref name="prefix"/> + <paramref name="name"/>. The full name is built only for an
    /// error message: a batch validates every event, and valid ids, nearly all of them, then allocate nothing here.
    /// </summary>
    private static void CheckId(string? id, string prefix, string name, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add(prefix + name, $"{name} is required");
        }
        else if (id.Length > MaxIdLength)
        {
            errors.Add(prefix + name, $"{name} is longer than {MaxIdLength} characters");
        }
        else
        {
            CheckNoNul(id, prefix, name, errors);
        }
    }

    /// <summary>
    /// Refuses the NUL character (U+0000), which PostgreSQL's text cannot hold: checked for every store, so that a
    /// request means the same whichever keeps it, and a bad field is a 400 naming it rather than a failed write.
    /// </summary>
    private static void CheckNoNul(string? value, string prefix, string name, ValidationErrors errors)
    {
        if (value is not null && value.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add(prefix + name, $"{name} contains the NUL character (\\u0000), which is not accepted");
        }
    }

    private static void CheckAllNoNul(IReadOnlyList<string>? values, string prefix, string name, ValidationErrors errors)
    {
        for (var i = 0; values is not null && i < values.Count; i++)
        {
            CheckNoNul(values[i], prefix, $"{name}[{i}]", errors);
        }
    }

    private static void CheckAttributesNoNul(IReadOnlyDictionary<string, string>? attributes, string prefix, ValidationErrors errors)
    {
        foreach (var (key, value) in attributes ?? new Dictionary<string, string>())
        {
            CheckNoNul(key, prefix, "attributes", errors);
            CheckNoNul(value, prefix, $"attributes.{key.Replace("\0", "", StringComparison.Ordinal)}", errors);
        }
    }
}
