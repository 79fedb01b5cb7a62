/// The core's entry points for a translated quotation: the generic overloads of Grad (one per arity, picked by
/// the number of type arguments) and the compiled adapters from the F# point (a value or a tuple) to their
/// delegates' parameters. Every function of the F# API goes through the same translation as `grad`.
module internal ExprGrad.FSharp.CoreEntryPoints

open System
open System.Linq.Expressions
open System.Reflection
open System.Runtime.ExceptionServices
open Microsoft.FSharp.Quotations
open ExprGrad

/// The quotation as the core's lambda, with the parameter types its point is split into.
let translate (f: Expr) (input: Type) : LambdaExpression * Type[] =
    if isNull (box f) then nullArg "f"
    let types = InputShape.parameterTypes input
    QuotationTranslation.toLambda f types, types

/// Fails unless the function returns one of the given types, naming what it returns.
let requireResult (lambda: LambdaExpression) (allowed: Type list) (what: string) : unit =
    if not (List.contains lambda.ReturnType allowed) then
        raise (ArgumentException($"The quotation must return {what}; it returns {lambda.ReturnType}.", "f"))

/// `Grad.name<typeArguments>(lambda)`, its own exceptions unwrapped from reflection's.
let call (name: string) (typeArguments: Type[]) (lambda: LambdaExpression) : Delegate =
    let definition =
        typeof<Grad>.GetMethods(BindingFlags.Public ||| BindingFlags.Static)
        |> Array.find (fun m -> m.Name = name && m.IsGenericMethodDefinition && m.GetGenericArguments().Length = typeArguments.Length)
    FSharpErrors.guard (fun () ->
        try definition.MakeGenericMethod(typeArguments).Invoke(null, [| box lambda; null |]) :?> Delegate
        with :? TargetInvocationException as e when not (isNull e.InnerException) ->
            ExceptionDispatchInfo.Capture(e.InnerException).Throw()
            Unchecked.defaultof<_>)

let private invoke (core: Delegate) (arguments: Expression list) : Expression =
    Expression.Invoke(Expression.Constant(core, core.GetType()), arguments) :> Expression

/// `input => core(elements of input)`, compiled once.
let atPoint<'T, 'R> (core: Delegate) (count: int) : 'T -> 'R =
    let input = Expression.Parameter(typeof<'T>, "input")
    let compiled = Expression.Lambda<Func<'T, 'R>>(invoke core (InputShape.arguments input count), [ input ]).Compile()
    // The core builds a program per shape of the point on first use, so its errors can come from a call.
    fun x -> FSharpErrors.guard (fun () -> compiled.Invoke x)

/// `(input, v) => core(elements of input, v)`, compiled once: the products along a flat direction.
let atPointAlong<'T, 'R> (core: Delegate) (count: int) : 'T -> float[] -> 'R =
    let input = Expression.Parameter(typeof<'T>, "input")
    let v = Expression.Parameter(typeof<float[]>, "v")
    let body = invoke core (InputShape.arguments input count @ [ v :> Expression ])
    let compiled = Expression.Lambda<Func<'T, float[], 'R>>(body, [ input; v ]).Compile()
    fun x direction -> FSharpErrors.guard (fun () -> compiled.Invoke(x, direction))
