namespace Penchant.Core.Privacy;

/// <summary>A record after minimisation, with the names of the fields that were dropped from it.</summary>
/// <param name="Value">The minimised record (the same instance when nothing was dropped).</param>
/// <param name="DroppedFields">
/// Wire names of the dropped fields: "value", "text", "session_id" for events, "attributes.&lt;key&gt;" for user attributes.
/// </param>
public sealed record Minimized<T>(T Value, IReadOnlyList<string> DroppedFields)
{
    public bool DroppedAny => DroppedFields.Count > 0;
}
