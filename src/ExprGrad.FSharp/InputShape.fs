/// The input type of a quotation (float, float[], float[,] or a tuple of them) and the LINQ code that moves
/// between its F# form (System.Tuple) and the core's delegate form (one parameter each, ValueTuple results).
module internal ExprGrad.FSharp.InputShape

open System
open System.Linq.Expressions
open Microsoft.FSharp.Reflection

let private isTensor (t: Type) = t = typeof<float> || t = typeof<float[]> || t = typeof<float[,]>

/// The parameter types the core sees: the input itself, or each element of a tuple input (at most 8,
/// the core's largest arity).
let parameterTypes (input: Type) : Type[] =
    let reject () =
        raise (ArgumentException(
            $"The quotation's input must be float, float[], float[,] or a tuple of up to 8 of them; it is {input}.", "f"))
    if isTensor input then [| input |]
    elif FSharpType.IsTuple input && not input.IsValueType then
        let elements = FSharpType.GetTupleElements input
        if elements.Length <= 8 && Array.forall isTensor elements then elements else reject ()
    else reject ()

/// Element i of a tuple value: System.Tuple and ValueTuple both nest from the 8th element on in `Rest`.
let rec item (tuple: Expression) (i: int) : Expression =
    let member' name = Expression.PropertyOrField(tuple, name) :> Expression
    if i < 7 then member' $"Item{i + 1}" else item (member' "Rest") (i - 7)

/// A new value of the System.Tuple type `t` from its elements, nesting `Rest` past 7.
let rec newTuple (t: Type) (items: Expression list) : Expression =
    let ctor = t.GetConstructors() |> Array.exactlyOne
    let ps = ctor.GetParameters()
    if ps.Length = 8 then
        let head = List.take 7 items
        Expression.New(ctor, head @ [ newTuple ps[7].ParameterType (List.skip 7 items) ]) :> Expression
    else Expression.New(ctor, items) :> Expression

/// The core's parameters read from the F# input: the value itself, or each tuple element.
let arguments (input: Expression) (count: int) : Expression list =
    if count = 1 && not (FSharpType.IsTuple input.Type) then [ input ] else List.init count (item input)

/// The core's gradient (the adjoint itself, or a ValueTuple of adjoints) in the input's F# type.
let toInputForm (inputType: Type) (count: int) (gradient: Expression) : Expression =
    if not (FSharpType.IsTuple inputType) then gradient
    else
        let g = Expression.Variable(gradient.Type, "gradient")
        Expression.Block(
            [ g ],
            Expression.Assign(g, gradient) :> Expression,
            newTuple inputType (List.init count (item g))) :> Expression
