using Penchant.Core.Text;

namespace Penchant.Core.Tests.Profiles;

/// <summary>
/// A test double for <see cref="ISentimentAnalyzer"/>: a text is negative when it contains one of a few
/// negative cue words (English or Chinese), positive when it contains a positive one, neutral otherwise.
/// </summary>
internal sealed class KeywordSentimentAnalyzer : ISentimentAnalyzer
{
    private static readonly string[] Negative = ["disappointed", "not worth", "poor", "broke", "died", "cheap and flimsy", "way off", "太", "差", "失望", "坏"];
    private static readonly string[] Positive = ["love", "excellent", "great", "perfect", "happy", "很好", "喜欢", "满意"];

    public int Calls { get; private set; }

    public SentimentResult Analyze(string text)
    {
        Calls++;
        var negative = Negative.Count(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));
        var positive = Positive.Count(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));
        if (negative == positive)
        {
            return SentimentResult.Neutral;
        }

        var polarity = negative > positive ? -0.9 : 0.9;
        return new SentimentResult(polarity, 0.9, []);
    }
}
