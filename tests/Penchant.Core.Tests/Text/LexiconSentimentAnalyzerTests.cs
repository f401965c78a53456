using Penchant.Core.Text;

namespace Penchant.Core.Tests.Text;

public sealed class LexiconSentimentAnalyzerTests
{
    private readonly LexiconSentimentAnalyzer _analyzer = new();

    private double P(string text) => _analyzer.Analyze(text).Polarity;

    [Theory]
    [InlineData("I love this dress, it is beautiful and comfortable.", true)]
    [InlineData("Great strings, excellent tone.", true)]
    [InlineData("Terrible quality, it broke after a week. Returned it.", false)]
    [InlineData("Very disappointed, waste of money.", false)]
    [InlineData("质量很好，非常满意！", true)]
    [InlineData("不错，物流很快", true)]
    [InlineData("太差了，很失望，已经退货", false)]
    [InlineData("颜色难看，后悔买了", false)]
    public void Reads_plain_positive_and_negative_reviews(string text, bool positive) =>
        Assert.Equal(positive, P(text) > 0);

    [Theory]
    [InlineData("good", "not good")]
    [InlineData("I like it", "I don't like it")]
    [InlineData("It was never comfortable", "It was comfortable")]
    [InlineData("好", "不好")]
    [InlineData("满意", "不满意")]
    [InlineData("喜欢", "没有喜欢")]
    public void Negation_flips_polarity(string a, string b) => Assert.True(Math.Sign(P(a)) == -Math.Sign(P(b)) && P(a) != 0);

    [Theory]
    [InlineData("bad", "not bad")]
    [InlineData("问题", "没问题")]
    public void Negated_negatives_turn_positive(string negative, string negated)
    {
        Assert.True(P(negative) < 0);
        Assert.True(P(negated) > 0);
    }

    [Fact]
    public void Negation_does_not_cross_a_clause()
    {
        Assert.True(P("Not my usual style, but lovely") > 0);
        Assert.True(P("It is not cheap. Great sound") > 0);
    }

    [Fact]
    public void Intensifiers_scale_up_and_diminishers_scale_down()
    {
        Assert.True(P("very good") > P("good"));
        Assert.True(P("extremely good") > P("very good"));
        Assert.True(P("slightly good") < P("good") && P("slightly good") > 0);
        Assert.True(P("very bad") < P("bad"));
        Assert.True(P("非常好") > P("好"));
        Assert.True(P("有点差") > P("差") && P("有点差") < 0);
    }

    [Fact]
    public void The_clause_after_but_counts_more()
    {
        Assert.True(P("The colour is nice but the fabric is terrible") < 0);
        Assert.True(P("The fabric is terrible but the colour is lovely and I am happy") > 0);
        Assert.True(P("I wanted to love this. But it is ugly") < P("It is ugly"));
        Assert.True(P("外观漂亮，但是质量太差") < 0);
    }

    [Fact]
    public void Exclamation_marks_amplify()
    {
        Assert.True(P("Great!!!") > P("Great."));
        Assert.True(P("Awful!") < P("Awful"));
    }

    [Fact]
    public void Phrases_count_as_one_unit()
    {
        Assert.True(P("It fell apart") < 0);
        Assert.True(P("I highly recommend it") > P("I recommend it"));
        Assert.True(P("Sent it back") < 0);
    }

    [Fact]
    public void Neutral_text_is_neutral()
    {
        var result = _analyzer.Analyze("The package contains two items.");
        Assert.Equal(0, result.Polarity);
        Assert.Equal(0, result.Confidence);
        Assert.Equal(SentimentResult.Neutral.Polarity, _analyzer.Analyze(string.Empty).Polarity);
    }

    [Fact]
    public void Aspects_carry_the_polarity_of_their_clause()
    {
        var result = _analyzer.Analyze("The battery life is amazing, but the sound is terrible and the strings are awful.");
        var aspects = result.Aspects.ToDictionary(a => a.Aspect, a => a.Polarity);
        Assert.True(aspects["battery"] > 0);
        Assert.True(aspects["sound"] < 0);
        Assert.True(aspects["strings"] < 0);
        Assert.DoesNotContain("delivery", aspects.Keys);
    }

    [Fact]
    public void Aspect_synonyms_map_to_one_name()
    {
        var result = _analyzer.Analyze("Love the colors. The fabric feels soft. Fit is too tight.");
        var aspects = result.Aspects.ToDictionary(a => a.Aspect, a => a.Polarity);
        Assert.True(aspects["colour"] > 0);
        Assert.True(aspects["material"] > 0);
        Assert.True(aspects["fit"] < 0);
    }

    [Fact]
    public void Chinese_aspects_are_found_with_polarity()
    {
        var result = _analyzer.Analyze("物流很快，但是质量太差了，颜色也不好看。价格便宜");
        var aspects = result.Aspects.ToDictionary(a => a.Aspect, a => a.Polarity);
        Assert.True(aspects["物流"] > 0);
        Assert.True(aspects["质量"] < 0);
        Assert.True(aspects["颜色"] < 0);
        Assert.True(aspects["价格"] > 0);
    }

    [Fact]
    public void Segmentation_keeps_lexicon_words_whole()
    {
        Assert.Equal(["质量", "不错"], _analyzer.Segment("质量不错"));
        Assert.Equal(["不", "好看"], _analyzer.Segment("不好看"));
    }
}
