namespace Penchant.Server.Options;

/// <summary>
/// An OpenAI-compatible chat endpoint (section <c>Penchant:Language</c>), used to name interest clusters from their
/// products and, when <see cref="Profiles"/> allows it, to word shoppers' profile narratives. Without an
/// <see cref="Endpoint"/>, clusters are named by their commonest categories and keywords, and narratives are
/// written offline.
/// </summary>
public sealed class LanguageModelOptions
{
    public const string SectionName = "Penchant:Language";

    /// <summary>The API's base address, before <c>/chat/completions</c>, e.g. <c>https://api.openai.com/v1</c>. Empty: off.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The chat model's name as the endpoint knows it.</summary>
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>Sent as <c>Authorization: Bearer</c>; none when empty.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one request may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Requests in flight at once while naming clusters.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>
    /// Whether the endpoint also words profile narratives (<c>GET /v1/profiles/{id}?narrative=true</c>). Off by
    /// default: the prompt then holds a shopper's interests and their counts (never an id), which is personal data
    /// sent to the endpoint; cluster naming sends catalogue text only.
    /// </summary>
    public bool Profiles { get; set; }

    /// <summary>
    /// Whether the endpoint may word recommendation reasons when a request asks for it
    /// (<c>GET /v1/recommendations/users/{id}?reasons=language</c>). Off by default, for the same reason as
    /// <see cref="Profiles"/>: the prompt holds the shopper's interests and the engine's reasons (never an id).
    /// </summary>
    public bool Reasons { get; set; }

    /// <summary>Whether an endpoint is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);
}
