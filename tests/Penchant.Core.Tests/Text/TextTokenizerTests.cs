using Penchant.Core.Text;

namespace Penchant.Core.Tests.Text;

public sealed class TextTokenizerTests
{
    [Theory]
    [InlineData("dresses", "dress")]
    [InlineData("dress", "dress")]
    [InlineData("loved", "lov")]
    [InlineData("loving", "lov")]
    [InlineData("love", "lov")]
    [InlineData("running", "run")]
    [InlineData("batteries", "battery")]
    [InlineData("comfortably", "comfortabl")]
    [InlineData("comfortable", "comfortabl")]
    [InlineData("needed", "need")]
    [InlineData("bus", "bus")]
    [InlineData("mp3s", "mp3s")]
    public void Stemmer_conflates_inflections(string word, string stem) => Assert.Equal(stem, LightStemmer.Stem(word));

    [Fact]
    public void English_drops_stop_words_and_punctuation_and_stems()
    {
        var terms = new TextTokenizer().Tokenize("The Running Shoes are GREAT, for 2 runners!");
        Assert.Equal(["run", "sho", "great", "2", "runner"], terms);
    }

    [Fact]
    public void Options_keep_stop_words_and_surface_forms()
    {
        var terms = new TextTokenizer(new TokenizerOptions(Stem: false, RemoveStopWords: false)).Tokenize("The shoes");
        Assert.Equal(["the", "shoes"], terms);
    }

    [Fact]
    public void Chinese_runs_become_bigrams_and_unigrams_without_stop_characters()
    {
        var terms = new TextTokenizer().Tokenize("我的手机壳");
        // 我 and 的 are stop characters: no unigrams for them, no bigrams containing them.
        Assert.Equal(["手", "手机", "机", "机壳", "壳"], terms);
    }

    [Fact]
    public void Mixed_english_and_chinese_text_is_split_by_script()
    {
        var terms = new TextTokenizer(new TokenizerOptions(HanUnigrams: false)).Tokenize("Nike跑步鞋 size 42");
        Assert.Equal(["nik", "跑步", "步鞋", "siz", "42"], terms);
    }

    [Fact]
    public void Surface_forms_line_up_with_terms()
    {
        var terms = new List<string>();
        var surfaces = new List<string>();
        new TextTokenizer().Tokenize("Women's dresses", terms, surfaces);
        Assert.Equal(["women", "dress"], terms);
        Assert.Equal(["women", "dresses"], surfaces);
    }
}
