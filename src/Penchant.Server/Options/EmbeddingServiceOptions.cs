using System.ComponentModel.DataAnnotations;

namespace Penchant.Server.Options;

/// <summary>
/// An OpenAI-compatible embeddings endpoint for item text (section <c>Penchant:Embeddings</c>). Without an
/// <see cref="Endpoint"/> the server embeds text with its own offline model (hashed TF-IDF projections).
/// </summary>
public sealed class EmbeddingServiceOptions
{
    public const string SectionName = "Penchant:Embeddings";

    /// <summary>The API's base address, before <c>/embeddings</c>: e.g. <c>https://api.openai.com/v1</c> or a local server's <c>http://127.0.0.1:8080/v1</c>. Empty: offline.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The embedding model's name as the endpoint knows it.</summary>
    public string Model { get; set; } = "text-embedding-3-small";

    /// <summary>Sent as <c>Authorization: Bearer</c>; none when empty (local servers often need none).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Asks for this many dimensions (models that can shorten their embeddings); the model's own when null.</summary>
    [Range(1, 65_536)]
    public int? Dimensions { get; set; }

    /// <summary>Texts per request.</summary>
    [Range(1, 2048)]
    public int BatchSize { get; set; } = 64;

    /// <summary>How long one request may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long embedding a search query may take before the search goes on by its words alone.</summary>
    public TimeSpan SearchTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether an endpoint is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);
}
