using System.Collections.Frozen;

namespace Penchant.Core.Text;

/// <summary>
/// Stop words for English and Chinese: function words that carry no topic. Negations ("not", 没有) are stop
/// words for item text but are kept by the sentiment analyzers, which read them separately. The Chinese
/// single characters are only particles and pronouns: characters such as 不, 地 and 被 also start product
/// words (不锈钢, 地毯, 被子) and are kept.
/// </summary>
public static class StopWords
{
    /// <summary>English stop words, lower case.</summary>
    public static FrozenSet<string> English { get; } = FrozenSet.ToFrozenSet(
    [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further",
        "get", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how",
        "i", "i'm", "i've", "i'd", "i'll", "if", "in", "into", "is", "it", "it's", "its", "itself", "just",
        "let", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or",
        "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such",
        "than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there", "there's", "these", "they",
        "they're", "this", "those", "through", "to", "too", "under", "until", "up", "us", "very", "was", "we", "were", "what",
        "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself",
        "yourselves", "you're", "you've", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't", "won't",
        "can't", "cannot", "couldn't", "wouldn't", "shouldn't", "haven't", "hasn't", "hadn't", "dont", "im", "ive",
        "really", "much", "many", "even", "still", "well", "way", "since", "though", "however", "yet", "may", "might",
        "must", "shall", "etc", "per", "via", "amp",
    ], StringComparer.Ordinal);

    /// <summary>
    /// English stop words that tell products apart in a catalogue ("down jacket", "over-ear", "no-show", "one-piece",
    /// "off-white", "pull-up", "under-desk"), kept by catalogue search (<see cref="TokenizerOptions.KeepProductWords"/>).
    /// </summary>
    public static FrozenSet<string> ProductWords { get; } = FrozenSet.ToFrozenSet(
        ["down", "up", "over", "under", "off", "out", "one", "no", "not"], StringComparer.Ordinal);

    /// <summary>Chinese stop words and function characters.</summary>
    public static FrozenSet<string> Chinese { get; } = FrozenSet.ToFrozenSet(
    [
        "的", "了", "是", "在", "和", "与", "及", "或", "也", "都", "就", "着", "而", "这", "那", "我", "你", "他", "她", "它",
        "们", "很", "吗", "呢", "吧", "啊", "呀", "哦", "嗯", "又", "还", "再", "才", "并",
        "我们", "你们", "他们", "她们", "它们", "这个", "那个", "这些", "那些", "一个", "一些", "什么", "怎么", "因为", "所以",
        "但是", "而且", "如果", "虽然", "然后", "就是", "还是", "已经", "可以", "没有", "自己", "这样", "那样", "非常", "比较",
    ], StringComparer.Ordinal);

    /// <summary>Whether <paramref name="term"/> is a stop word in either language.</summary>
    public static bool Contains(string term) => English.Contains(term) || Chinese.Contains(term);
}
