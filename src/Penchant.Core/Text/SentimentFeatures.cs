namespace Penchant.Core.Text;

/// <summary>
/// The features of <see cref="TrainedSentimentClassifier"/>: hashed keys for stemmed word unigrams and
/// bigrams, Han character unigrams and bigrams, negation-marked unigrams (a word within the scope of a
/// negator, up to the next punctuation mark, becomes a different feature), '!' and '?', plus a few real
/// lexicon features (polarity, positive and negative mass, no-hit flag).
/// </summary>
/// <remarks>Negation marking as in Das and Chen, "Yahoo! for Amazon", APFA 2001, and Pang, Lee and Vaithyanathan, EMNLP 2002.</remarks>
internal static class SentimentFeatures
{
    /// <summary>How many real-valued lexicon features there are.</summary>
    public const int DenseCount = 4;

    private const ulong NegatedTag = 0x6E65676174656421UL;
    private const ulong BigramTag = 0x62696772616D7321UL;
    private const ulong HanTag = 0x68616E6368617273UL;

    /// <summary>
    /// Writes the distinct hashed keys of <paramref name="text"/> into <paramref name="keys"/> and the lexicon
    /// features into <paramref name="dense"/>; returns the lexicon score they came from.
    /// </summary>
    public static LexiconScore Extract(string? text, LexiconSentimentAnalyzer lexicon, HashSet<ulong> keys, Span<float> dense)
    {
        keys.Clear();
        var tokens = TextLexer.Lex(text);
        var negated = false;
        ulong previous = 0;
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.Punctuation:
                    if (token.Text is "!" or "?")
                    {
                        keys.Add(FeatureHash.Hash(token.Text));
                    }

                    negated = false;
                    previous = 0;
                    break;
                case TokenKind.Han:
                    AddHan(token.Text, lexicon.Lexicon, keys, ref negated);
                    previous = 0;
                    break;
                default:
                    var isNegator = lexicon.Lexicon.IsNegator(token.Text);
                    var word = isNegator ? "not" : token.Kind == TokenKind.Word ? LightStemmer.Stem(token.Text) : token.Text;
                    var h = FeatureHash.Hash(word);
                    keys.Add(negated && !isNegator ? FeatureHash.Combine(h, NegatedTag) : h);
                    if (previous != 0)
                    {
                        keys.Add(FeatureHash.Combine(FeatureHash.Combine(previous, h), BigramTag));
                    }

                    previous = h;
                    negated |= isNegator;
                    break;
            }
        }

        var score = lexicon.Score(text);
        dense[0] = (float)(score.Total / Math.Sqrt((score.Total * score.Total) + 15));
        dense[1] = (float)Math.Log(1 + score.Positive);
        dense[2] = (float)Math.Log(1 + score.Negative);
        dense[3] = score.Hits == 0 ? 1f : 0f;
        return score;
    }

    private static void AddHan(string run, SentimentLexicon lexicon, HashSet<ulong> keys, ref bool negated)
    {
        for (var i = 0; i < run.Length; i++)
        {
            var c = run.AsSpan(i, 1);
            var isNegator = lexicon.IsNegator(run.Substring(i, 1));
            var h = FeatureHash.Combine(FeatureHash.Hash(c), HanTag);
            keys.Add(negated && !isNegator ? FeatureHash.Combine(h, NegatedTag) : h);
            if (i + 1 < run.Length)
            {
                keys.Add(FeatureHash.Combine(FeatureHash.Hash(run.AsSpan(i, 2)), HanTag));
            }

            negated |= isNegator;
        }
    }
}
