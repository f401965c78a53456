namespace Penchant.Core.Privacy;

/// <summary>The optional fields of an <see cref="Data.Event"/> that minimisation may drop. Ids, type and time are always kept.</summary>
public enum EventField
{
    /// <summary>Rating or quantity; wire name "value".</summary>
    Value,

    /// <summary>Review text or search query; wire name "text".</summary>
    Text,

    /// <summary>The shop's session id; wire name "session_id".</summary>
    SessionId,

    /// <summary>The unit price paid on a cart or purchase; wire name "price".</summary>
    Price,
}
