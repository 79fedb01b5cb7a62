namespace ExprGrad;

/// <summary>The call-time checks of lowered parameter sets, named by path, called from the compiled programs.</summary>
internal static class SetChecks
{
    /// <summary><paramref name="value"/>, unless it is null.</summary>
    /// <exception cref="ArgumentNullException">Named after <paramref name="path"/>.</exception>
    public static T NotNull<T>(T? value, string path) where T : class =>
        value ?? throw new ArgumentNullException(path, $"The parameter set's member '{path}' is null.");

    /// <summary><paramref name="array"/>, unless it is null or its length is not <paramref name="length"/>.</summary>
    /// <exception cref="ArgumentException">The array of the gradient instance (<paramref name="path"/>) does not
    /// have as many sets as the differentiated one (<paramref name="reference"/>).</exception>
    public static T[] Length<T>(T[]? array, int length, string path, string reference) where T : class
    {
        NotNull(array, path);
        if (array!.Length != length)
            throw new ArgumentException($"'{path}' has {array.Length} elements but '{reference}' has {length}; the gradient set must have the parameters' structure.", path);
        return array;
    }
}
