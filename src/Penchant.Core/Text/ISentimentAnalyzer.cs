namespace Penchant.Core.Text;

/// <summary>A sentiment signal about one aspect named in a text ("battery", "fit", "价格").</summary>
/// <param name="Aspect">The aspect as normalised (lower-case English or the Chinese term).</param>
/// <param name="Polarity">In [-1, 1]: negative to positive.</param>
public readonly record struct AspectSentiment(string Aspect, double Polarity);

/// <summary>The sentiment of a text.</summary>
/// <param name="Polarity">In [-1, 1]: negative to positive; 0 is neutral or unknown.</param>
/// <param name="Confidence">In [0, 1]: how sure the analyzer is.</param>
/// <param name="Aspects">Aspect-level signals found in the text.</param>
public sealed record SentimentResult(double Polarity, double Confidence, IReadOnlyList<AspectSentiment> Aspects)
{
    public static SentimentResult Neutral { get; } = new(0, 0, []);

    public bool IsNegative => Polarity < 0;
}

/// <summary>Reads the sentiment of review text, English or Chinese, offline.</summary>
public interface ISentimentAnalyzer
{
    SentimentResult Analyze(string text);
}
